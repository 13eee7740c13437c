package org.keyledger.system;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the whole split ledger: {@link SplitLedgerExtension} starts a {@link SplitLedger} as these settings say
 * and sets every field of type {@code SplitLedger} of the test class (static or not) before its {@code @BeforeAll}
 * or {@code @BeforeEach} methods run; test and lifecycle methods may also take it as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SplitLedgerExtension.class)
public @interface SplitLedgerTest {

    /** How many query services run beside the command service; the first is {@link SplitLedger#query()}. */
    int queryServices() default 1;

    /**
     * Properties for every service, e.g. {@code "ledger.verify.cache.lease=4s"} (command-line precedence); one that
     * names {@code spring.datasource.url} or {@code spring.kafka.bootstrap-servers} replaces the fresh database or the
     * shared broker (a database reached through a proxy, a broker not started yet).
     */
    String[] properties() default {};

    /**
     * A Kafka broker of this ledger's own, which the tests may stop and restart ({@link SplitLedger#kafka()});
     * otherwise the ledger uses the one broker of the test run. A ledger with its own broker is never shared.
     */
    boolean ownKafka() default false;

    Lifecycle lifecycle() default Lifecycle.SHARED;

    enum Lifecycle {
        /**
         * One ledger for every test class with the same settings, started once in a run: for tests that leave it
         * as they found it (a restarted query service counts as found) and work on subjects or keys of their own.
         */
        SHARED,
        /** A ledger of the test class's own, for all its tests. */
        CLASS,
        /** A fresh ledger for every test. */
        METHOD
    }
}
