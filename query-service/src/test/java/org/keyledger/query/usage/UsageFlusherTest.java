package org.keyledger.query.usage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.messages.LedgerTopics;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The flusher against a real broker that creates a topic on its first use, as Kafka does by default. */
class UsageFlusherTest {

    static EmbeddedKafka kafka;
    static KafkaTemplate<String, String> template;
    static Admin admin;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.startTemporary();
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() {
        admin.close();
        template.destroy();
        kafka.close();
    }

    /**
     * Before the topics are created with their partitions nothing is sent, so no send makes the broker create the
     * topic with one partition (which the query service's later creation would widen under a consumer already
     * assigned, and that consumer would not see the new partitions' uses for minutes).
     */
    @Test
    void keepsUsesBufferedUntilTheTopicsAreReadyThenSendsThem() throws Exception {
        UsageBuffer buffer = new UsageBuffer(100, new SimpleMeterRegistry());
        AtomicBoolean topicsReady = new AtomicBoolean(false);
        UsageFlusher flusher = new UsageFlusher(buffer, template, JsonMapper.builder().build(),
                Duration.ofSeconds(1), topicsReady::get);
        buffer.record("ak_early", 1_000);

        flusher.flush();
        template.flush();
        assertThat(admin.listTopics().names().get()).as("topics after a flush before they are ready")
                .doesNotContain(LedgerTopics.USAGE);
        assertThat(buffer.size()).as("uses kept").isEqualTo(1);

        admin.createTopics(List.of(new NewTopic(LedgerTopics.USAGE, 3, (short) 1))).all().get();
        topicsReady.set(true);
        flusher.flush();
        template.flush();
        assertThat(buffer.size()).isZero();
        assertThat(admin.describeTopics(List.of(LedgerTopics.USAGE)).allTopicNames().get()
                .get(LedgerTopics.USAGE).partitions()).hasSize(3);
        assertThat(usesSent()).singleElement().satisfies(use -> assertThat(use).contains("ak_early"));
    }

    private static List<String> usesSent() {
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(LedgerTopics.USAGE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
            }
        }
        return seen;
    }
}
