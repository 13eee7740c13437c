package org.keyledger.app.clerk;

import org.junit.jupiter.api.Test;
import org.keyledger.embedded.FreePorts;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's own answers, when it has nowhere to forward to; forwarding itself: system-tests' LocalModeClerkProxyTest. */
class ClerkFrontendApiProxyTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private MockHttpServletResponse call(ClerkProxyProperties properties, String uri) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new ClerkFrontendApiProxy(properties, json).doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(299); // went on to the ledger
        }
        return response;
    }

    @Test
    void withoutAFrontendApiItSaysWhatToConfigure() throws Exception {
        MockHttpServletResponse response = call(new ClerkProxyProperties(null, null, null), "/__clerk/v1/client");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/json");
        JsonNode error = json.readTree(response.getContentAsString()).at("/errors/0");
        assertThat(error.get("code").asString()).isEqualTo("clerk_frontend_api_not_configured");
        assertThat(error.get("long_message").asString()).contains("CLERK_FRONTEND_API", "CLERK_SECRET_KEY");
    }

    @Test
    void aFrontendApiThatDoesNotAnswerIsABadGateway() throws Exception {
        var properties = new ClerkProxyProperties(URI.create("http://127.0.0.1:" + FreePorts.pick()), null,
                "sk_test_unreachable");
        MockHttpServletResponse response = call(properties, "/__clerk/v1/environment");
        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).contains("clerk_frontend_api_unreachable")
                .doesNotContain("sk_test_unreachable");
    }

    @Test
    void theApiKeyRoutesAndEverythingOutsideClerksPrefixGoOnToTheLedger() throws Exception {
        var unconfigured = new ClerkProxyProperties(null, null, null);
        for (String uri : new String[] {"/__clerk/api_keys", "/__clerk//api_keys", "/__clerk/api_keys/ak_1/revoke",
                "/__clerk//api_keys/ak_1/revoke", "/v1/api_keys", "/__clerkish"}) {
            assertThat(call(unconfigured, uri).getStatus()).as(uri).isEqualTo(299);
        }
    }
}
