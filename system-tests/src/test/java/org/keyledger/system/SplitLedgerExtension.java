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
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
        List<String> properties = properties(context);
        SplitLedger ledger;
        if (isShared(settings)) {
            ledger = shared.ledger(settings, properties);
        } else {
            shared.close(); // none of the classes still to come needs it (SplitLedgerClassOrder); this one needs room
            if (settings.lifecycle() == SplitLedgerTest.Lifecycle.METHOD) {
                return;
            }
            ledger = SplitLedger.start(settings, properties);
            context.getStore(NAMESPACE).put(SplitLedger.class, ledger);
        }
        inject(context.getRequiredTestClass(), null, ledger);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).lifecycle() == SplitLedgerTest.Lifecycle.METHOD) {
            context.getStore(NAMESPACE).put(SplitLedger.class,
                    SplitLedger.start(settings(context), properties(context)));
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
    static List<Object> key(SplitLedgerTest settings, List<String> properties) {
        return List.of(settings.queryServices(), properties);
    }

    /**
     * The annotation's properties, then those of the class's {@link SplitLedgerProperties} methods: called once per
     * class (in its {@code beforeAll}) and kept in the class's store, so that a method that generates a key or starts
     * a server runs once, and every test of the class (a METHOD ledger's too) gets the same properties.
     */
    private static List<String> properties(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(Properties.class,
                k -> new Properties(collectProperties(context)), Properties.class).values();
    }

    private static List<String> collectProperties(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        List<String> properties = new ArrayList<>(Arrays.asList(settings(context).properties()));
        for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, SplitLedgerProperties.class,
                HierarchyTraversalMode.TOP_DOWN)) {
            if (!ModifierSupport.isStatic(method) || method.getParameterCount() != 0) {
                throw new ExtensionConfigurationException("@SplitLedgerProperties needs a static method without "
                        + "parameters: " + method);
            }
            Object more = ReflectionSupport.invokeMethod(method, null);
            if (more instanceof String[] array) {
                properties.addAll(Arrays.asList(array));
            } else if (more instanceof Collection<?> collection) {
                collection.forEach(p -> properties.add((String) p));
            } else {
                throw new ExtensionConfigurationException(method + " must return String[] or a List<String>");
            }
        }
        return List.copyOf(properties);
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
        return context.getRoot().getStore(NAMESPACE).get(Shared.class, Shared.class)
                .ledger(settings, properties(context));
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

    /** The properties of one test class (a type of its own, as the key in JUnit's store). */
    private record Properties(List<String> values) {
    }

    /** The one shared ledger of the run, if any, and the settings it was started with. */
    private static final class Shared implements AutoCloseable {
        private List<Object> key;
        private SplitLedger ledger;

        synchronized SplitLedger ledger(SplitLedgerTest settings, List<String> properties) {
            if (ledger == null || !key.equals(key(settings, properties))) {
                close();
                ledger = SplitLedger.start(settings, properties);
                key = key(settings, properties);
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
