package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.ClerkAssertions.withoutSecret;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** {@code GET /v1/api_keys} and {@code GET /api_keys} on the query service: filters, order, paging, bad input. */
@SplitLedgerTest
class ListRoutesTest {

    private static SplitLedger ledger;

    private static JsonNode list(String prefix, String queryString) {
        return json(ledger.reads().get(prefix + "?" + queryString), 200);
    }

    /** Keys created one after another, each in a later millisecond than the one before; newest first. */
    private static List<String> createKeys(String subject, String namePrefix, int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < count; i++) {
            JsonNode key = ledger.writes().createKey(subject, namePrefix + "-" + i);
            assertThat(key.get("created_at").asLong()).isGreaterThan(previous);
            previous = key.get("created_at").asLong();
            ids.add(0, key.get("id").asString());
            Thread.sleep(2); // so that the next key's created_at is strictly later: "newest first" is well defined
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void listsNewestFirstWithEveryFieldAndNoSecret(String prefix) throws Exception {
        String subject = newSubject();
        List<String> created = createKeys(subject, "order", 3);

        JsonNode listed = list(prefix, "subject=" + subject);

        assertThat(ids(listed)).containsExactlyElementsOf(created);
        assertThat(listed.get("total_count").asLong()).isEqualTo(3);
        assertThat(fieldNames(listed)).containsExactlyInAnyOrder("data", "total_count");
        List<Long> createdAt = listed.get("data").valueStream().map(k -> k.get("created_at").asLong()).toList();
        assertThat(createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        listed.get("data").forEach(key -> {
            assertKeyObject(key);
            assertThat(key.get("subject").asString()).isEqualTo(subject);
        });
        assertThat(listed.toString()).doesNotContain("secret");
    }

    @Test
    void listedKeyEqualsTheCreateResponseWithoutItsSecret() {
        String subject = newSubject();
        JsonNode created = ledger.writes().createKey(subject, "full-fields", "\"description\":\"d\",\"claims\":{\"tenantId\":"
                + "\"t_1\",\"n\":[1,2.50]},\"scopes\":[\"read\",\"write\"],\"created_by\":\"" + newSubject()
                + "\",\"seconds_until_expiration\":3600");

        JsonNode listed = list("/v1/api_keys", "subject=" + subject);

        assertThat(listed.get("data").size()).isEqualTo(1);
        assertThat(assertKeyObject(listed.get("data").get(0))).isEqualTo(withoutSecret(created));
    }

    @Test
    void totalCountCountsEveryMatchWhileDataIsOnePage() throws Exception {
        String subject = newSubject();
        List<String> created = createKeys(subject, "page", 12);

        JsonNode byDefault = list("/v1/api_keys", "subject=" + subject);
        assertThat(ids(byDefault)).containsExactlyElementsOf(created.subList(0, 10));
        assertThat(byDefault.get("total_count").asLong()).isEqualTo(12);

        JsonNode one = list("/v1/api_keys", "subject=" + subject + "&limit=1");
        assertThat(ids(one)).containsExactly(created.get(0));
        assertThat(one.get("total_count").asLong()).isEqualTo(12);

        JsonNode hundred = list("/api_keys", "subject=" + subject + "&limit=100");
        assertThat(ids(hundred)).containsExactlyElementsOf(created);
        assertThat(hundred.get("total_count").asLong()).isEqualTo(12);

        JsonNode page = list("/v1/api_keys", "subject=" + subject + "&limit=5&offset=5");
        assertThat(ids(page)).containsExactlyElementsOf(created.subList(5, 10));
        assertThat(page.get("total_count").asLong()).isEqualTo(12);

        JsonNode last = list("/v1/api_keys", "subject=" + subject + "&limit=5&offset=10");
        assertThat(ids(last)).containsExactlyElementsOf(created.subList(10, 12));

        JsonNode offsetZero = list("/v1/api_keys", "subject=" + subject + "&offset=0&limit=3");
        assertThat(ids(offsetZero)).containsExactlyElementsOf(created.subList(0, 3));

        JsonNode beyond = list("/v1/api_keys", "subject=" + subject + "&offset=12");
        assertThat(beyond.get("data").isArray()).isTrue();
        assertThat(beyond.get("data").size()).isZero();
        assertThat(beyond.get("total_count").asLong()).isEqualTo(12);

        JsonNode farBeyond = list("/v1/api_keys", "subject=" + subject + "&offset=2147483647&limit=100");
        assertThat(farBeyond.get("data").size()).isZero();
        assertThat(farBeyond.get("total_count").asLong()).isEqualTo(12);
    }

    @Test
    void limitSentAsADoubleIsAccepted() throws Exception {
        String subject = newSubject();
        List<String> created = createKeys(subject, "double", 3);

        // Clerk's Java SDK types limit and offset as doubles
        assertThat(ids(list("/v1/api_keys", "subject=" + subject + "&limit=10.0&offset=0.0")))
                .containsExactlyElementsOf(created);
        assertThat(ids(list("/v1/api_keys", "subject=" + subject + "&limit=2.0&offset=1.0")))
                .containsExactlyElementsOf(created.subList(1, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "1.5", "-1", "1e400", "0x10"})
    void badLimitIsRejected(String limit) {
        assertClerkError(ledger.reads().get("/v1/api_keys?subject=" + newSubject() + "&limit=" + limit), 400,
                "form_param_format_invalid", "limit");
        assertClerkError(ledger.reads().get("/api_keys?subject=" + newSubject() + "&limit=" + limit), 400,
                "form_param_format_invalid", "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "0.5", "-0.5"})
    void badOffsetIsRejected(String offset) {
        assertClerkError(ledger.reads().get("/v1/api_keys?subject=" + newSubject() + "&offset=" + offset), 400,
                "form_param_format_invalid", "offset");
    }

    @Test
    void emptyValuesAreTreatedAsAbsent() {
        String subject = newSubject();
        String id = ledger.writes().createKey(subject, "empty-values").get("id").asString();

        JsonNode listed = list("/api_keys", "subject=" + subject + "&limit=&offset=&include_invalid=&query=&type=");
        assertThat(ids(listed)).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys", "/v1/api_keys?limit=10", "/v1/api_keys?subject="})
    void subjectIsRequired(String path) {
        assertClerkError(ledger.reads().get(path), 400, "form_param_missing", "subject");
    }

    @Test
    void anotherSubjectsKeysAreNeverListed() {
        String mine = newSubject();
        String theirs = newSubject();
        String myKey = ledger.writes().createKey(mine, "shared-name").get("id").asString();
        String theirKey = ledger.writes().createKey(theirs, "shared-name").get("id").asString();
        String theirRevoked = ledger.writes().createKey(theirs, "their-revoked").get("id").asString();
        ledger.writes().revokeKey(theirRevoked);

        assertThat(ids(list("/v1/api_keys", "subject=" + mine))).containsExactly(myKey);
        assertThat(ids(list("/v1/api_keys", "subject=" + mine + "&include_invalid=true&query=shared")))
                .containsExactly(myKey);
        assertThat(list("/v1/api_keys", "subject=" + mine + "&include_invalid=true").get("total_count").asLong())
                .isEqualTo(1);
        assertThat(ids(list("/v1/api_keys", "subject=" + theirs + "&include_invalid=true")))
                .containsExactlyInAnyOrder(theirKey, theirRevoked);
        assertThat(ids(list("/v1/api_keys", "subject=" + newSubject() + "&include_invalid=true"))).isEmpty();
    }

    @Test
    void typeApiKeyIsAcceptedAndAnyOtherTypeRejected() {
        String subject = newSubject();
        String id = ledger.writes().createKey(subject, "typed").get("id").asString();

        assertThat(ids(list("/v1/api_keys", "subject=" + subject + "&type=api_key"))).containsExactly(id);
        for (String type : List.of("machine_token", "API_KEY", "oauth_token")) {
            assertClerkError(ledger.reads().get("/v1/api_keys?subject=" + subject + "&type=" + type), 400,
                    "form_param_format_invalid", "type");
        }
    }

    @Test
    void includeInvalidShowsRevokedAndExpiredButNeverDeletedKeys() {
        String subject = newSubject();
        JsonNode active = ledger.writes().createKey(subject, "active");
        JsonNode revoked = ledger.writes().createKey(subject, "revoked");
        ledger.writes().revokeKey(revoked.get("id").asString());
        JsonNode expired = ledger.writes().createExpiredKey(subject, "expired");
        JsonNode deleted = ledger.writes().createKey(subject, "deleted");
        ledger.writes().deleteKey(deleted.get("id").asString());
        JsonNode deletedRevoked = ledger.writes().createKey(subject, "deleted-revoked");
        ledger.writes().revokeKey(deletedRevoked.get("id").asString());
        ledger.writes().deleteKey(deletedRevoked.get("id").asString());
        String activeId = active.get("id").asString();

        for (String filter : List.of("", "&include_invalid=false")) {
            JsonNode valid = list("/v1/api_keys", "subject=" + subject + filter);
            assertThat(ids(valid)).as(filter).containsExactly(activeId);
            assertThat(valid.get("total_count").asLong()).isEqualTo(1);
        }

        JsonNode all = list("/api_keys", "subject=" + subject + "&include_invalid=true");
        assertThat(ids(all)).containsExactlyInAnyOrder(activeId, revoked.get("id").asString(),
                expired.get("id").asString());
        assertThat(all.get("total_count").asLong()).isEqualTo(3);
        for (JsonNode key : all.get("data")) {
            assertKeyObject(key);
            String id = key.get("id").asString();
            assertThat(key.get("revoked").asBoolean()).as("revoked " + id).isEqualTo(id.equals(revoked.get("id").asString()));
            assertThat(key.get("expired").asBoolean()).as("expired " + id).isEqualTo(id.equals(expired.get("id").asString()));
        }
        assertThat(all.toString()).doesNotContain(deleted.get("id").asString())
                .doesNotContain(deletedRevoked.get("id").asString());

        // the deleted keys' names are free again, and the new keys are listed, not the deleted ones
        String again = ledger.writes().createKey(subject, "deleted").get("id").asString();
        assertThat(ids(list("/v1/api_keys", "subject=" + subject + "&include_invalid=true&query=deleted")))
                .containsExactly(again);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE", "False", "null", "true,false"})
    void includeInvalidOtherThanTrueOrFalseIsRejected(String value) {
        assertClerkError(ledger.reads().get("/v1/api_keys?subject=" + newSubject() + "&include_invalid=" + value), 400,
                "form_param_format_invalid", "include_invalid");
    }

    @Test
    void queryIsACaseInsensitiveLiteralSubstringOfTheName() {
        String subject = newSubject();
        String underscore = ledger.writes().createKey(subject, "a_b-key").get("id").asString();
        String abc = ledger.writes().createKey(subject, "abc-key").get("id").asString();
        String percent = ledger.writes().createKey(subject, "50%-off").get("id").asString();
        String backslash = ledger.writes().createKey(subject, "x\\y-key").get("id").asString();
        String xy = ledger.writes().createKey(subject, "xy-key").get("id").asString();
        String upper = ledger.writes().createKey(subject, "PROD Deploy").get("id").asString();

        assertThat(search(subject, "_b")).containsExactly(underscore);
        assertThat(search(subject, "a_")).containsExactly(underscore);
        assertThat(search(subject, "ab%")).isEmpty();
        assertThat(search(subject, "ab")).containsExactly(abc);
        assertThat(search(subject, "%")).containsExactly(percent);
        assertThat(search(subject, "0%-")).containsExactly(percent);
        assertThat(search(subject, "_")).containsExactly(underscore);
        assertThat(search(subject, "x\\y")).containsExactly(backslash);
        assertThat(search(subject, "\\")).containsExactly(backslash);
        assertThat(search(subject, "xy")).containsExactly(xy);
        assertThat(search(subject, "prod deploy")).containsExactly(upper);
        assertThat(search(subject, "pRoD")).containsExactly(upper);
        assertThat(search(subject, "A_B-KEY")).containsExactly(underscore);
        assertThat(search(subject, "-KEY")).containsExactlyInAnyOrder(underscore, abc, backslash, xy);
        assertThat(search(subject, "no such name")).isEmpty();

        JsonNode counted = list("/api_keys", "subject=" + subject + "&query=key&limit=1");
        assertThat(counted.get("data").size()).isEqualTo(1);
        assertThat(counted.get("total_count").asLong()).isEqualTo(4);
    }

    private static List<String> search(String subject, String query) {
        return ids(list("/v1/api_keys", "subject=" + subject + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)));
    }
}
