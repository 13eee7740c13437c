package org.keyledger.platform;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds {@code ledger-defaults.properties} as the lowest-precedence property source of every ledger service: the
 * settings the event-store mapping and the wire contract depend on are written once, and anything (environment,
 * a service's own properties) can still override them.
 */
public class LedgerDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "ledger-defaults.properties";
    /** The name of the property source this adds, for code that must tell a default from an explicit setting. */
    public static final String SOURCE_NAME = "ledgerDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new PropertiesPropertySourceLoader()
                    .load(SOURCE_NAME, new ClassPathResource(RESOURCE, LedgerDefaults.class.getClassLoader()))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
