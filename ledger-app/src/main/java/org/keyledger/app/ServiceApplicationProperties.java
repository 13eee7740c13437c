package org.keyledger.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.UrlResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Spring Boot reads only the first {@code application.properties} on the class path, which in the one-process mode is
 * ledger-app's own; each service's jar has one too. This adds the others after it (ledger-app's settings win), ahead
 * of the ledger defaults, so a setting a service keeps in its own file applies in the one-process mode as well. Where
 * two services set the same key differently, the first on the class path (command-service) wins, with a warning.
 */
public class ServiceApplicationProperties implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "application.properties";
    private static final Logger log = LoggerFactory.getLogger(ServiceApplicationProperties.class);

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ClassLoader classLoader = Objects.requireNonNullElse(application.getClassLoader(),
                ServiceApplicationProperties.class.getClassLoader());
        try {
            List<URL> files = Collections.list(classLoader.getResources(RESOURCE));
            // the first is the one Spring Boot has already read
            List<PropertySource<?>> added = new ArrayList<>();
            for (URL file : files.subList(Math.min(1, files.size()), files.size())) {
                for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                        .load("service properties [" + file + "]", new UrlResource(file))) {
                    warnAboutConflicts(source, added);
                    environment.getPropertySources().addLast(source);
                    added.add(source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the services' " + RESOURCE, e);
        }
    }

    private static void warnAboutConflicts(PropertySource<?> source, List<PropertySource<?>> earlier) {
        if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
            return;
        }
        for (String name : enumerable.getPropertyNames()) {
            for (PropertySource<?> other : earlier) {
                Object first = other.getProperty(name);
                if (first != null && !Objects.equals(String.valueOf(first), String.valueOf(source.getProperty(name)))
                        && !name.equals("spring.application.name")) {
                    log.warn("{} sets {} differently from {}; the one-process mode uses {}", source.getName(), name,
                            other.getName(), first);
                }
            }
        }
    }
}
