package org.keyledger.app.clerk;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * {@code clerk.*}: local mode's proxy of Clerk's Frontend API under {@code /__clerk/}, the same three environment
 * variables as the front door's (mapped in ledger-app's application.properties).
 *
 * @param frontendApi {@code CLERK_FRONTEND_API}: where the rest of {@code /__clerk/…} goes (e.g.
 *                    {@code https://frontend-api.clerk.dev}); blank: those requests are answered 503, saying so
 * @param proxyUrl    {@code CLERK_PROXY_URL}: sent as {@code Clerk-Proxy-Url}, the public URL of {@code /__clerk};
 *                    blank: derived from each request
 * @param secretKey   {@code CLERK_SECRET_KEY}: the Clerk instance's secret key, sent as {@code Clerk-Secret-Key}
 */
@ConfigurationProperties("clerk")
public record ClerkProxyProperties(URI frontendApi, String proxyUrl, String secretKey) {

    public ClerkProxyProperties {
        frontendApi = frontendApi == null || frontendApi.toString().isBlank() ? null : frontendApi;
        proxyUrl = blankToNull(proxyUrl);
        secretKey = blankToNull(secretKey);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
