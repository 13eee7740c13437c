package org.keyledger.command.support;

import org.junit.jupiter.api.BeforeEach;
import org.keyledger.command.CommandServiceApplication;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command service on a random port against a PostgreSQL database of its own. Every subclass shares the one
 * Spring context (and database): tests that count rows compare before and after within the test, and make their own
 * subjects and names, so they do not depend on each other.
 */
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.hikari.maximum-pool-size=6")
public abstract class CommandServiceTest {

    /** The command side's tables, whose rows a rejected request must leave alone. */
    public static final List<String> WRITTEN_TABLES = List.of("domain_event_entry", "api_key_name", "api_key_data_key");

    @DynamicPropertySource
    static void ledgerDatabase(DynamicPropertyRegistry registry) {
        LedgerTestEnvironment.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected LedgerClient http;

    @BeforeEach
    void client() {
        http = LedgerClient.onPort(port);
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    protected long eventCount() {
        return count("domain_event_entry");
    }

    protected long eventCount(String keyId) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param(keyId).query(Long.class).single();
    }

    /** Row counts of the written tables, to show that a rejected request changed nothing. */
    protected List<Long> rowCounts() {
        return WRITTEN_TABLES.stream().map(this::count).toList();
    }

    protected void assertNothingWritten(List<Long> before) {
        assertThat(rowCounts()).as("rows in %s", WRITTEN_TABLES).isEqualTo(before);
    }

    /** The payload types of a key's events, oldest first. */
    protected List<String> eventTypes(String keyId) {
        return jdbc.sql("""
                        select payload_type from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number""")
                .param(keyId).query(String.class).list();
    }
}
