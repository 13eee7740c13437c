package org.keyledger.command.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** What every answer looks like, whatever the client sends: Clerk's envelope, never a bare 500 for client input. */
class ResponseConventionsHttpTest extends CommandServiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=UTF-8", "application/json;charset=utf-8"})
    void aJsonContentTypeWithACharsetIsAccepted(String contentType) {
        String body = "{\"name\":\"" + newName() + "\",\"subject\":\"" + newSubject() + "\"}";

        assertKeyObject(http.request("POST", "/v1/api_keys").body(body, contentType).send(), 200, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "application/json, text/plain, */*", "application/*"})
    void anyAcceptThatAllowsJsonIsAnswered(String accept) {
        assertKeyObject(http.request("POST", "/v1/api_keys").header("Accept", accept)
                .json(fields("name", newName(), "subject", newSubject())).send(), 200, true);
    }

    @Test
    void anAcceptThatRulesOutJsonIsAClientErrorInTheEnvelope() {
        List<Long> before = rowCounts();

        LedgerClient.Response response = http.request("POST", "/v1/api_keys").header("Accept", "text/html")
                .json(fields("name", newName(), "subject", newSubject())).send();

        assertClerkError(response, 406, "not_acceptable", null);
        assertNothingWritten(before);
    }

    @Test
    void anUnknownRouteIs404InTheEnvelope() {
        assertClerkError(http.request("GET", "/v1/not_a_route").send(), 404, "resource_not_found", null);
        assertClerkError(http.request("POST", "/v1/api_keys/ak_3beecc9c60adb5f9b850e91a8ee1e992/unrevoke").send(),
                404, "resource_not_found", null);
    }

    @Test
    void anUnsupportedMethodIs405InTheEnvelope() {
        assertClerkError(http.request("PUT", "/v1/api_keys").json(fields()).send(), 405, "method_not_allowed", null);
    }

    @Test
    void aNameWithANulCharacterIsRejectedNotAServerError() {
        List<Long> before = rowCounts();

        LedgerClient.Response response = http.request("POST", "/v1/api_keys")
                .body("{\"name\":\"nul\\u0000name\",\"subject\":\"" + newSubject() + "\"}", "application/json").send();

        assertClerkError(response, 400, "form_param_format_invalid", "name");
        assertNothingWritten(before);
    }

    @Test
    void aNameThatIsNotValidUnicodeIsRejectedAndDoesNotTakeAnotherName() {
        String subject = newSubject();
        List<Long> before = rowCounts();

        LedgerClient.Response response = http.request("POST", "/v1/api_keys")
                .body("{\"name\":\"ab\\ud800cd\",\"subject\":\"" + subject + "\"}", "application/json").send();

        assertClerkError(response, 400, "form_param_format_invalid", "name");
        assertNothingWritten(before);
        // PostgreSQL would have stored the lone surrogate as '?', taking this name
        assertKeyObject(http.create(fields("name", "ab?cd", "subject", subject)), 200, true);
    }
}
