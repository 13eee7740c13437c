package org.keyledger.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Apache Kafka broker in this JVM, in KRaft mode (one process is both broker and controller), built from
 * Kafka's own server classes ({@code org.apache.kafka:kafka_2.13}, the version Spring Boot manages through
 * {@code kafka.version}). For the one-process local mode and as a real broker in tests.
 *
 * <ul>
 *   <li><b>Persistent</b>: {@link #builder()} keeps the log in a directory of your choice (the local mode uses
 *   {@code ./data/kafka}); the first start formats it with Kafka's storage formatter (what {@code kafka-storage.sh
 *   format} does), later starts reuse it, so topics, records and committed offsets survive restarts.</li>
 *   <li><b>Temporary</b>: {@link #startTemporary()} uses a fresh temporary directory and free ports, and deletes the
 *   directory on {@link #close()}: for tests.</li>
 *   <li><b>Local only</b>: the client listener ({@code PLAINTEXT}, default port {@value #DEFAULT_PORT}) and the
 *   controller listener (the next port) bind 127.0.0.1 only, without TLS or authentication.</li>
 *   <li>Topics are created on first use ({@code auto.create.topics.enable}); every internal topic has one replica.</li>
 *   <li>{@link #close()} shuts the broker down in order and waits for it (the log is flushed, so a restart does not
 *   need to recover it).</li>
 * </ul>
 *
 * <p>Kafka locks its log directory: a second broker on the same directory fails to start.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int DEFAULT_PORT = 9092;
    public static final int NODE_ID = 1;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private final Path temporaryRoot;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path logDirectory, int port, int controllerPort,
                          Path temporaryRoot) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.temporaryRoot = temporaryRoot;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A throw-away broker for tests: a new temporary directory, free ports, deleted again on {@link #close()}. */
    public static EmbeddedKafka startTemporary() {
        try {
            Path root = Files.createTempDirectory("ledger-kafka-");
            Builder builder = builder().logDirectory(root.resolve("kafka")).port(0);
            builder.temporaryRoot = root;
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Shuts the broker and its controller down and waits for them; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
            log.info("Kafka on {} stopped", bootstrapServers());
        } finally {
            if (temporaryRoot != null) {
                FileTrees.deleteQuietly(temporaryRoot);
            }
        }
    }

    /** Settings for {@link #start()}; every one has a default. */
    public static final class Builder {

        private Path logDirectory = Path.of("data", "kafka");
        private int port = DEFAULT_PORT;
        private int controllerPort = -1;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Path temporaryRoot;

        private Builder() {
        }

        /** The broker's log (and KRaft metadata) directory, formatted on first start; default {@code ./data/kafka}. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory);
            return this;
        }

        /**
         * The client port on 127.0.0.1; {@code 0} picks a free one (and a free controller port next to it). Default
         * {@value #DEFAULT_PORT}.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65534) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The controller's port on 127.0.0.1; default: the client port + 1. */
        public Builder controllerPort(int controllerPort) {
            if (controllerPort < 1 || controllerPort > 65535) {
                throw new IllegalArgumentException("controller port out of range: " + controllerPort);
            }
            this.controllerPort = controllerPort;
            return this;
        }

        /** Any other broker setting ({@code server.properties} names), applied last. */
        public Builder config(String name, String value) {
            overrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        /** Formats the log directory if it is new, starts the broker and waits until it accepts connections. */
        public EmbeddedKafka start() {
            long begin = System.nanoTime();
            Path directory = logDirectory.toAbsolutePath().normalize();
            int clientPort = port;
            int quorumPort = controllerPort;
            if (clientPort == 0) {
                clientPort = quorumPort < 0 ? FreePorts.pickPair() : FreePorts.pick();
            }
            if (quorumPort < 0) {
                quorumPort = clientPort + 1;
            }
            for (int needed : new int[] {clientPort, quorumPort}) {
                if (!FreePorts.isFree(needed)) {
                    throw new IllegalStateException("cannot start Kafka: 127.0.0.1:" + needed
                            + " is in use by another process");
                }
            }
            try {
                Files.createDirectories(directory);
                KafkaConfig config = KafkaConfig.fromProps(properties(directory, clientPort, quorumPort), false);
                boolean fresh = !Files.exists(directory.resolve("meta.properties"));
                if (fresh) {
                    format(config, directory);
                }
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    server.startup();
                    awaitListening(clientPort, startupTimeout);
                } catch (RuntimeException e) {
                    server.shutdown();
                    server.awaitShutdown();
                    throw e;
                }
                log.info("Kafka (KRaft, node {}) on 127.0.0.1:{} (controller :{}) in {} ({}) ready in {} ms", NODE_ID,
                        clientPort, quorumPort, directory, fresh ? "formatted" : "existing log",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                return new EmbeddedKafka(server, directory, clientPort, quorumPort, temporaryRoot);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka in " + directory, e);
            }
        }

        private Properties properties(Path directory, int clientPort, int quorumPort) {
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(NODE_ID));
            // a static quorum of this one node: nothing about the quorum is kept in the log, so ports may change
            props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + quorumPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER
                    + "://127.0.0.1:" + quorumPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            props.put("controller.listener.names", CONTROLLER_LISTENER);
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", directory.toString());
            props.put("auto.create.topics.enable", "true");
            props.put("num.partitions", "1");
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            // one replica, and few partitions, for every internal topic: one broker, and a quick first start
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("share.coordinator.state.topic.num.partitions", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.putAll(overrides);
            return props;
        }

        /** What {@code kafka-storage.sh format --cluster-id <new>} does, with this broker's configuration. */
        private static void format(KafkaConfig config, Path directory) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                Formatter formatter = new Formatter()
                        .setPrintStream(print)
                        .setNodeId(config.nodeId())
                        .setClusterId(Uuid.randomUuid().toString())
                        .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                        .setIgnoreFormatted(true)
                        .setControllerListenerName(config.controllerListenerNames().get(0))
                        .setMetadataLogDirectory(config.metadataLogDir());
                config.logDirs().forEach(formatter::addDirectory);
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format the Kafka log directory " + directory + ": "
                        + e.getMessage(), e);
            }
            log.info("formatted Kafka log directory {}", directory);
            log.debug("Kafka storage formatter: {}", output.toString(StandardCharsets.UTF_8).trim());
        }

        private static void awaitListening(int port, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not listen on 127.0.0.1:" + port + " within "
                                + timeout, e);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka", interrupted);
                    }
                }
            }
        }
    }
}
