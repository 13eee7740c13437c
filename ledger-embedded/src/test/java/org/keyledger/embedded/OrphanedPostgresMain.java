package org.keyledger.embedded;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedPostgresTest}: starts PostgreSQL, writes a row, says so, and waits to be killed.
 */
public final class OrphanedPostgresMain {

    static final String READY = "ORPHAN-READY";

    private OrphanedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(Path.of(args[0]))
                .port(Integer.parseInt(args[1])).start();
        EmbeddedPostgresTest.execute(postgres, "create table survivor (id int)");
        EmbeddedPostgresTest.execute(postgres, "insert into survivor values (1)");
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(120_000); // the test kills this JVM long before
        postgres.close();
    }
}
