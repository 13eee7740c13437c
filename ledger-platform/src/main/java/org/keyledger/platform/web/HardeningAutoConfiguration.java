package org.keyledger.platform.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every answer in Clerk's envelope, whatever the request: Tomcat's own error page replaced, {@code /error} answered
 * by the ledger, {@code TRACE} and {@code OPTIONS} treated as methods no route has, and bodies limited to 64 KiB
 * (JSON nesting is bounded by Jackson's stream constraints and answered 400).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({EnvelopeErrorController.class, RequestShapeAdvice.class})
public class HardeningAutoConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeErrorReports() {
        return factory -> {
            // TRACE reaches Spring MVC (spring.mvc.dispatch-trace-request), which answers it 405 with Allow
            factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
                }
            });
        };
    }

    @Bean
    FilterRegistrationBean<RequestShapeFilter> requestShapeFilter() {
        var registration = new FilterRegistrationBean<>(new RequestShapeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // after the request id and authentication
        return registration;
    }

    @Bean
    WebMvcConfigurer optionsAsMethodNotAllowed() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new OptionsInterceptor());
            }
        };
    }
}
