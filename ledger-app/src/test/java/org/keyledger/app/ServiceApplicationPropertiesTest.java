package org.keyledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceApplicationPropertiesTest {

    @Test
    void eachServicesOwnPropertiesAreReadAfterTheApplicationsOwn() {
        StandardEnvironment environment = new StandardEnvironment();
        new ServiceApplicationProperties().postProcessEnvironment(environment, new SpringApplication());

        List<String> added = environment.getPropertySources().stream().map(PropertySource::getName)
                .filter(name -> name.startsWith("service properties")).toList();
        assertThat(added).hasSize(2);
        assertThat(added.get(0)).contains("command-service");
        assertThat(added.get(1)).contains("query-service");
        // the first one on the class path is ledger-app's own, which Spring Boot reads itself
        assertThat(added).noneMatch(name -> name.contains("ledger-app"));
        assertThat(environment.getProperty("spring.application.name")).isEqualTo("command-service");
    }
}
