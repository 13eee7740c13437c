package org.keyledger.command.apikey;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.keyledger.platform.error.LedgerException;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for creates: each request's create waits in a queue, and a worker takes every create waiting, up to
 * {@code groupSize}, into one {@link CreateApiKeys}: one unit of work and one transaction, whose claims, events and
 * commit cost the round trips of a single create. A create alone is not held back: a free worker takes it at once, and
 * groups form only from what arrives while the workers are busy. Each create still gets its own answer or error; if
 * the group's transaction fails (PostgreSQL away), every create in it gets that failure, as it would have alone.
 */
public class CreateBatcher implements SmartLifecycle {

    private final CommandGateway commands;
    private final int groupSize;
    private final int workerCount;
    private final DistributionSummary groupSizes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public CreateBatcher(CommandGateway commands, int groupSize, int workers, MeterRegistry meters) {
        this.commands = commands;
        this.groupSize = groupSize;
        this.workerCount = workers;
        this.groupSizes = DistributionSummary.builder("ledger.create.group.size")
                .description("creates handled in one unit of work and transaction")
                .register(meters);
    }

    /** A create, answered once its group has committed: the new key's state, or the create's own error thrown. */
    public ApiKeyState create(CreateApiKey command, MetaData metadata) {
        Pending pending = new Pending(new CreateApiKeys.Item(command, metadata));
        queue.add(pending);
        if (!running && queue.remove(pending)) {
            throw stopping();
        }
        return pending.await();
    }

    private void work() {
        List<Pending> group = new ArrayList<>(groupSize);
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, groupSize - 1);
                groupSizes.record(group.size());
                List<CreateApiKeys.Outcome> outcomes = commands.sendAndWait(
                        new CreateApiKeys(group.stream().map(Pending::item).toList()));
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done(outcomes.get(i), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.forEach(p -> p.done(null, stopping()));
                return;
            } catch (RuntimeException | Error e) {
                group.forEach(p -> p.done(null, e));
            } finally {
                group.clear();
            }
        }
    }

    /** The answer to a create that the workers will not take: the service is shutting down. */
    private static LedgerException stopping() {
        return LedgerException.unavailable("The ledger is stopping; retry shortly.");
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "create-group-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
        for (Pending left; (left = queue.poll()) != null; ) {
            left.done(null, stopping());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server opens and after it closes (the lifecycle's default phase is the last). */
    @Override
    public int getPhase() {
        return 0;
    }

    /** One create waiting for its group. */
    private static final class Pending {
        private final CreateApiKeys.Item item;
        private final CountDownLatch done = new CountDownLatch(1);
        private CreateApiKeys.Outcome outcome;
        private Throwable failure;

        Pending(CreateApiKeys.Item item) {
            this.item = item;
        }

        CreateApiKeys.Item item() {
            return item;
        }

        void done(CreateApiKeys.Outcome outcome, Throwable failure) {
            this.outcome = outcome;
            this.failure = failure;
            done.countDown(); // publishes both fields to the waiting request
        }

        ApiKeyState await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LedgerException.unavailable("The request was interrupted; retry shortly.");
            }
            RuntimeException error = failure == null ? outcome.error() : failure instanceof RuntimeException r ? r
                    : failure instanceof Error e ? rethrow(e) : new IllegalStateException(failure);
            if (error != null) {
                throw error;
            }
            return outcome.key();
        }

        private static RuntimeException rethrow(Error e) {
            throw e;
        }
    }
}
