package org.keyledger.app;

import org.keyledger.command.CommandServiceApplication;
import org.keyledger.query.QueryServiceApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The key ledger in one process: the command service and the query service in one Spring context on one port
 * ({@code LEDGER_PORT}, default 8080), without changing either service's code.
 *
 * <p>Both services' packages are scanned, so each one's own {@code @SpringBootApplication} class is picked up as a
 * configuration class too: whatever a service declares there (scans, imports, enablers) applies here as it does when
 * the service runs alone. Both packages are also auto-configuration packages, so entities and repositories of either
 * are found. Settings shared by both are in ledger-platform (LedgerProperties, ledger-defaults.properties); a service's
 * own {@code application.properties} holds only its name, and this application's own name replaces it.
 *
 * <p>Unless told where PostgreSQL and Kafka are ({@code LEDGER_DB_URL}, {@code KAFKA_BOOTSTRAP_SERVERS}), it starts
 * both itself, with their data under {@code ./data} ({@code LEDGER_DATA_DIR}): see {@link LocalMode}.
 */
@SpringBootApplication(scanBasePackageClasses = {LedgerApplication.class, CommandServiceApplication.class,
        QueryServiceApplication.class})
@AutoConfigurationPackage(basePackageClasses = {CommandServiceApplication.class, QueryServiceApplication.class})
public class LedgerApplication {

    public static void main(String[] args) {
        SpringApplication.run(LedgerApplication.class, args);
    }
}
