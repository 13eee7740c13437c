package org.keyledger.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static, argument-less method of a {@link SplitLedgerTest} class that returns more properties
 * ({@code String[]} or a {@code List<String>}, as {@link SplitLedgerTest#properties()} takes them), for what is only
 * known when the test runs: the public key of a token signer it generated, the origin of a server it started. The
 * extension calls it before it starts (or picks a shared) ledger.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SplitLedgerProperties {
}
