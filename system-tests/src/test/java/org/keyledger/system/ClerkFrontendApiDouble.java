package org.keyledger.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What is outside the system in a browser test: Clerk's Frontend API (the three routes clerk-js needs for a
 * signed-in user: environment, client, session tokens) and the application's page, which loads clerk-js and
 * Clerk's UI from their npm packages. The session token is whatever {@code tokens} signs at the moment.
 */
final class ClerkFrontendApiDouble implements AutoCloseable {

    private final HttpServer frontendApi;
    private final HttpServer application;
    private final Supplier<String> tokens;
    private final Supplier<String> userId;

    ClerkFrontendApiDouble(Path clerkJs, Path clerkUi, Supplier<String> userId, Supplier<String> tokens)
            throws IOException {
        this.tokens = tokens;
        this.userId = userId;
        frontendApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frontendApi.createContext("/", this::frontendApi);
        frontendApi.start();
        application = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        application.createContext("/clerk-js/", exchange -> file(exchange, clerkJs, "/clerk-js/"));
        application.createContext("/clerk-ui/", exchange -> file(exchange, clerkUi, "/clerk-ui/"));
        application.start();
    }

    String frontendApiUrl() {
        return "http://127.0.0.1:" + frontendApi.getAddress().getPort();
    }

    String origin() {
        return "http://127.0.0.1:" + application.getAddress().getPort();
    }

    /** Serves the page that loads clerk-js with {@code proxyUrl}, under the given path, and returns its URL. */
    String page(String name, String proxyUrl) {
        URIHost host = URIHost.of(proxyUrl);
        String publishableKey = "pk_live_" + Base64.getEncoder()
                .encodeToString((host.value() + "$").getBytes(StandardCharsets.UTF_8));
        String html = """
                <!doctype html><html><head><meta charset="utf-8"><title>ledger + clerk-js</title></head>
                <body style="font-family: sans-serif; width: 1000px"><h3>API keys</h3><div id="keys"></div>
                <script src="/clerk-ui/ui.browser.js"></script>
                <script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="%s"
                        data-clerk-proxy-url="%s"></script>
                <script>
                  window.__loaded = window.Clerk.load({ui: {ClerkUI: window.__internal_ClerkUICtor}})
                      .then(() => 'user=' + (Clerk.user && Clerk.user.id), e => 'failed: ' + e);
                </script></body></html>
                """.formatted(publishableKey, proxyUrl);
        application.createContext("/" + name, exchange -> send(exchange, 200, "text/html", html));
        return origin() + "/" + name;
    }

    private record URIHost(String value) {
        static URIHost of(String url) {
            java.net.URI uri = java.net.URI.create(url);
            return new URIHost(uri.getHost() + ":" + uri.getPort());
        }
    }

    private void frontendApi(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) { // clerk-js calls its Frontend API with credentials
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
            exchange.getResponseHeaders().add("Vary", "Origin");
        }
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            String headers = exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers");
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE");
            if (headers != null) {
                exchange.getResponseHeaders().add("Access-Control-Allow-Headers", headers);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        Object answer;
        if (path.equals("/v1/environment")) {
            answer = environment();
        } else if (path.matches("/v1/client/sessions/[^/]+/tokens")) {
            answer = Map.of("object", "token", "jwt", tokens.get());
        } else if (path.startsWith("/v1/client")) {
            Map<String, Object> client = client();
            answer = Map.of("response", client, "client", client);
        } else {
            send(exchange, 404, "application/json", "{\"errors\":[]}");
            return;
        }
        send(exchange, 200, "application/json", JsonMapper.shared().writeValueAsString(answer));
    }

    private static Map<String, Object> environment() {
        return Map.of("object", "environment", "id", "env_ledger",
                "auth_config", Map.of("object", "auth_config", "id", "aac_ledger", "single_session_mode", true),
                "display_config", Map.of("object", "display_config", "id", "display_config_ledger",
                        "instance_environment_type", "production", "application_name", "Ledger",
                        "branded", false),
                "organization_settings", Map.of("enabled", true),
                "api_keys_settings", Map.of("user_api_keys_enabled", true, "orgs_api_keys_enabled", true),
                "maintenance_mode", false);
    }

    private Map<String, Object> client() {
        long now = System.currentTimeMillis();
        String userId = this.userId.get();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("object", "user");
        user.put("id", userId);
        user.put("first_name", "Ada");
        user.put("last_name", "Lovelace");
        user.put("primary_email_address_id", "idn_ledger");
        user.put("email_addresses", List.of(Map.of("object", "email_address", "id", "idn_ledger",
                "email_address", "ada@example.com", "linked_to", List.of(),
                "verification", Map.of("status", "verified", "strategy", "email_code"))));
        user.put("phone_numbers", List.of());
        user.put("web3_wallets", List.of());
        user.put("external_accounts", List.of());
        user.put("passkeys", List.of());
        user.put("organization_memberships", List.of());
        user.put("public_metadata", Map.of());
        user.put("unsafe_metadata", Map.of());
        user.put("image_url", "");
        user.put("has_image", false);
        user.put("created_at", now);
        user.put("updated_at", now);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("object", "session");
        session.put("id", "sess_ledger");
        session.put("status", "active");
        session.put("expire_at", now + 86_400_000);
        session.put("abandon_at", now + 86_400_000);
        session.put("last_active_at", now);
        session.put("last_active_organization_id", null); // the test names the organization as subject
        session.put("last_active_token", Map.of("object", "token", "jwt", tokens.get()));
        session.put("user", user);
        session.put("public_user_data", Map.of("first_name", "Ada", "last_name", "Lovelace",
                "identifier", "ada@example.com", "image_url", "", "has_image", false, "user_id", userId));
        session.put("created_at", now);
        session.put("updated_at", now);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("object", "client");
        client.put("id", "client_ledger");
        client.put("sessions", List.of(session));
        client.put("sign_in", null);
        client.put("sign_up", null);
        client.put("last_active_session_id", "sess_ledger");
        client.put("created_at", now);
        client.put("updated_at", now);
        return client;
    }

    private static void file(HttpExchange exchange, Path root, String prefix) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(prefix.length());
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().add("Content-Type", name.endsWith(".js") ? "text/javascript" : "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String type, String text) {
        try {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        application.stop(0);
        frontendApi.stop(0);
    }
}
