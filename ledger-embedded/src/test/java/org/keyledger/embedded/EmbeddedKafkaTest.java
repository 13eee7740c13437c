package org.keyledger.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaTest {

    @TempDir
    Path temp;

    @Test
    void temporaryBrokerCarriesARecordAndIsRemovedOnClose() throws Exception {
        Path logDirectory;
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            logDirectory = kafka.logDirectory();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            assertThat(kafka.controllerPort()).isEqualTo(kafka.port() + 1);
            send(kafka, "ledger.test", "key_1", "hello");
            assertThat(readAll(kafka, "ledger.test", 1)).containsExactly("key_1=hello");
        }
        assertThat(logDirectory).doesNotExist();
    }

    @Test
    void recordsSurviveARestartOnTheSameDirectory() throws Exception {
        Path logDirectory = temp.resolve("data/kafka");
        int port = FreePorts.pickPair();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDirectory(logDirectory).port(port).start()) {
            assertThat(kafka.port()).isEqualTo(port);
            send(kafka, "ledger.kept", "key_1", "before restart");
        }
        assertThat(logDirectory.resolve("meta.properties")).exists();
        assertThat(FreePorts.isFree(port)).isTrue();

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDirectory(logDirectory).port(FreePorts.pickPair())
                .start()) {
            send(kafka, "ledger.kept", "key_2", "after restart");
            assertThat(readAll(kafka, "ledger.kept", 2)).containsExactly("key_1=before restart",
                    "key_2=after restart");
        }
    }

    static void send(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    static List<String> readAll(EmbeddedKafka kafka, String topic, int expected) {
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
        }
        return seen;
    }
}
