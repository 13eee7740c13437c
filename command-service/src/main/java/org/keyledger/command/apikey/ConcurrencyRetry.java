package org.keyledger.command.apikey;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.keyledger.platform.DaemonThreads;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No write is conditional, so losing a race on a key's next sequence number to another command service is not the
 * client's concern: the command is handled again on the key as the winner left it (a few times, backing off from
 * 10 ms), and only a conflict that outlasts that reaches the client as 409. Every other failure is answered at once.
 */
@Configuration(proxyBeanMethods = false)
class ConcurrencyRetry {

    static final int MAX_RETRIES = 6;

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(DaemonThreads.scheduler("command-retry"))
                .nonTransientFailurePredicate(failure -> false) // decided below, on the whole failure
                .maxRetryCount(MAX_RETRIES)
                .backoffFactor(10)
                .build();
        // Axon tests its predicate on each cause in turn (the SQL error under a ConcurrencyException included)
        RetryScheduler onConflictOnly = (command, failure, history, dispatch) ->
                isConcurrencyConflict(failure) && backOff.scheduleRetry(command, failure, history, dispatch);
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(onConflictOnly).build();
    }

    static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
