package org.keyledger.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;

/**
 * Starts and stops the {@link SplitLedger} of a {@link SplitLedgerTest}. A class's or a test's own ledger lives in
 * JUnit's store of that class or test and is closed with it; a shared ledger lives in the run's root store, one at a
 * time: it is closed when a class needs a ledger of other settings or of its own (so {@link SplitLedgerClassOrder}
 * runs the classes that share one together), and at the end of the run.
 */
public final class SplitLedgerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SplitLedgerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        SplitLedgerTest settings = settings(context);
        Shared shared = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Shared.class, k -> new Shared(),
                Shared.class);
        SplitLedger ledger;
        if (isShared(settings)) {
            ledger = shared.ledger(settings);
        } else {
            shared.close(); // none of the classes still to come needs it (SplitLedgerClassOrder); this one needs room
            if (settings.lifecycle() == SplitLedgerTest.Lifecycle.METHOD) {
                return;
            }
            ledger = SplitLedger.start(settings);
            context.getStore(NAMESPACE).put(SplitLedger.class, ledger);
        }
        inject(context.getRequiredTestClass(), null, ledger);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).lifecycle() == SplitLedgerTest.Lifecycle.METHOD) {
            context.getStore(NAMESPACE).put(SplitLedger.class, SplitLedger.start(settings(context)));
        }
        SplitLedger ledger = ledger(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(instance.getClass(), instance, ledger);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SplitLedger.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ledger(context);
    }

    static boolean isShared(SplitLedgerTest settings) {
        return settings.lifecycle() == SplitLedgerTest.Lifecycle.SHARED && !settings.ownKafka();
    }

    /** What makes two shared ledgers the same. */
    static List<Object> key(SplitLedgerTest settings) {
        return List.of(settings.queryServices(), Arrays.asList(settings.properties()));
    }

    private static SplitLedgerTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SplitLedgerTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("not a @SplitLedgerTest"));
    }

    /** The nearest ledger: the test's own, the class's own, or the shared one. */
    private static SplitLedger ledger(ExtensionContext context) {
        SplitLedger own = context.getStore(NAMESPACE).get(SplitLedger.class, SplitLedger.class);
        if (own != null) {
            return own;
        }
        SplitLedgerTest settings = settings(context);
        if (!isShared(settings)) {
            throw new ExtensionConfigurationException("no ledger here: a " + settings.lifecycle()
                    + " ledger is started for each test, not for @BeforeAll");
        }
        return context.getRoot().getStore(NAMESPACE).get(Shared.class, Shared.class).ledger(settings);
    }

    private static void inject(Class<?> type, Object instance, SplitLedger ledger) {
        for (Field field : ReflectionSupport.findFields(type, f -> f.getType() == SplitLedger.class
                && ModifierSupport.isStatic(f) == (instance == null), HierarchyTraversalMode.TOP_DOWN)) {
            try {
                field.setAccessible(true);
                field.set(instance, ledger);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("cannot set " + field, e);
            }
        }
    }

    /** The one shared ledger of the run, if any, and the settings it was started with. */
    private static final class Shared implements AutoCloseable {
        private List<Object> key;
        private SplitLedger ledger;

        synchronized SplitLedger ledger(SplitLedgerTest settings) {
            if (ledger == null || !key.equals(key(settings))) {
                close();
                ledger = SplitLedger.start(settings);
                key = key(settings);
            }
            return ledger;
        }

        @Override
        public synchronized void close() {
            if (ledger != null) {
                ledger.close();
                ledger = null;
            }
        }
    }
}
