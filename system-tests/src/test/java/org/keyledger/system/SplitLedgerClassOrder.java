package org.keyledger.system;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs the test classes that share a ledger ({@link SplitLedgerTest.Lifecycle#SHARED}, same settings) one after the
 * other, before the classes with ledgers of their own, so that each shared ledger starts once and no more than one is
 * running at a time. Within a group, by name. Set in {@code junit-platform.properties}.
 */
public final class SplitLedgerClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor c) -> group(c))
                .thenComparing(c -> c.getTestClass().getName()));
    }

    private static String group(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(SplitLedgerTest.class)
                .map(settings -> SplitLedgerExtension.isShared(settings) ? "0 " + SplitLedgerExtension.key(settings,
                        Arrays.asList(settings.properties()))
                        : "1")
                .orElse("2");
    }
}
