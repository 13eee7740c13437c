package org.keyledger.command.secret;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.secret.DataKeyVault;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.secret.SecretSealer;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * No plaintext secret at rest: after keys are created, changed, revoked and deleted, every row of every table in the
 * database is read back as text, and no secret (nor any 8-character piece of one, nor its base64 or hex) is found;
 * of each secret only its SHA-256 and its 4-character hint are kept, next to the sealed ciphertext.
 */
class NoPlaintextSecretAtRestTest extends CommandServiceTest {

    /** Long enough that a chance match in random base64 or hex is out of the question (62^8 ≈ 2·10^14). */
    private static final int FRAGMENT = 8;

    @Autowired
    private SecretSealer sealer;

    @Autowired
    private DataKeyVault vault;

    private record Issued(String id, String secret) {
    }

    /** One text per cell (bytea cells also as escape text and, where valid, as UTF-8), labelled table.column. */
    private record Cell(String where, String text) {
    }

    @Test
    void noSecretIsStoredInAnyRowOfAnyTable() {
        List<Issued> issued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String subject = newSubject(i % 2 == 0 ? "user" : "org");
            LedgerClient.Response created = http.create(fields("name", newName(), "subject", subject,
                    "description", "key number " + i, "claims", fields("tenant", "t_" + i, "roles", List.of("a", "b")),
                    "scopes", List.of("read"), "created_by", newSubject("user"), "seconds_until_expiration", 3600 + i));
            assertThat(created.status()).as("%s", created).isEqualTo(200);
            issued.add(new Issued(created.id(), created.json().get("secret").asString()));
        }
        assertThat(http.patch(issued.get(0).id(), fields("description", "updated", "claims", fields("x", 1)))
                .status()).isEqualTo(200);
        assertThat(http.patch(issued.get(1).id(), fields("subject", newSubject("mch"))).status()).isEqualTo(200);
        assertThat(http.revoke(issued.get(2).id(), fields("revocation_reason", "rotated")).status()).isEqualTo(200);
        assertThat(http.revoke(issued.get(3).id(), fields()).status()).isEqualTo(200);
        assertThat(http.delete(issued.get(3).id()).status()).isEqualTo(200);
        assertThat(http.delete(issued.get(4).id()).status()).isEqualTo(200);
        List<Issued> deleted = List.of(issued.get(3), issued.get(4));

        List<Cell> cells = everyCellOfEveryTable();

        assertThat(cells).extracting(c -> c.where().substring(0, c.where().indexOf('.'))).contains(
                "domain_event_entry", "api_key_name", "api_key_data_key");
        String everything = cells.stream().map(Cell::text).collect(Collectors.joining("\n"));
        for (Issued key : issued) {
            String secret = key.secret();
            for (String form : List.of(secret, secret.substring(3),
                    Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                    HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)))) {
                assertThat(cells).as("cells holding a form of the secret of %s", key.id())
                        .filteredOn(c -> c.text().contains(form)).isEmpty();
            }
            for (int i = 0; i + FRAGMENT <= secret.length(); i++) {
                String fragment = secret.substring(i, i + FRAGMENT);
                assertThat(cells).as("cells holding %s, a piece of the secret of %s", fragment, key.id())
                        .filteredOn(c -> c.text().contains(fragment)).isEmpty();
            }
            // what is kept: the hash and the hint, and they are the secret's
            assertThat(everything).contains(SecretFormat.sha256(secret));
            assertThat(everything).contains("\"hint\":\"" + secret.substring(secret.length() - 4) + "\"");
            assertThat(everything).contains(key.id());
        }
        // and nothing else the ledger holds in confidence
        for (String confidential : List.of(LedgerTestEnvironment.INSTANCE_KEY, LedgerTestEnvironment.OTHER_INSTANCE_KEY,
                LedgerTestEnvironment.MASTER_KEY)) {
            assertThat(cells).filteredOn(c -> c.text().contains(confidential)).isEmpty();
        }
        for (Issued key : deleted) {
            assertThat(jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(key.id())
                    .query(Long.class).single()).as("data key of deleted %s", key.id()).isZero();
        }
    }

    @Test
    void theCreatedEventKeepsOnlyTheHashTheHintAndTheCiphertext() {
        LedgerClient.Response created = http.create(fields("name", newName(), "subject", newSubject()));
        String id = created.id();
        String secret = created.json().get("secret").asString();

        JsonNode sealed = createdEvent(id).get("secret");

        assertThat(fieldNames(sealed)).containsExactlyInAnyOrder("sha256", "hint", "ciphertext");
        assertThat(sealed.get("sha256").asString()).isEqualTo(SecretFormat.sha256(secret)).matches("[0-9a-f]{64}");
        assertThat(sealed.get("hint").asString()).isEqualTo(secret.substring(45));
        assertThat(sealed.get("ciphertext").asString()).doesNotContain(secret);
        assertThat(createdEvent(id).toString()).doesNotContain(secret).doesNotContain(secret.substring(3, 43));
    }

    /** The check above is not vacuous: what is kept is the sealed secret, which opens while the data key lives. */
    @Test
    void theSealedSecretOpensWithItsDataKeyUntilTheKeyIsDeleted() {
        LedgerClient.Response created = http.create(fields("name", newName(), "subject", newSubject()));
        ApiKeyId id = ApiKeyId.of(created.id());
        String secret = created.json().get("secret").asString();
        String ciphertext = createdEvent(id.value()).get("secret").get("ciphertext").asString();

        byte[] wrapped = vault.find(id).orElseThrow();
        assertThat(sealer.open(id, ciphertext, wrapped)).isEqualTo(secret);
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).doesNotContain(secret);

        assertThat(http.delete(id.value()).status()).isEqualTo(200);

        assertThat(vault.find(id)).isEmpty();
        assertThat(jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(id.value())
                .query(Long.class).single()).isZero();
        assertThat(createdEvent(id.value()).get("secret").get("ciphertext").asString()).isEqualTo(ciphertext);
    }

    @Test
    void noLargeObjectsHoldAnything() {
        http.createKey(newSubject(), newName());

        assertThat(jdbc.sql("select count(*) from pg_largeobject_metadata").query(Long.class).single()).isZero();
    }

    private JsonNode createdEvent(String id) {
        String payload = jdbc.sql("""
                        select convert_from(payload, 'UTF8') from domain_event_entry
                        where aggregate_identifier = ? and payload_type = 'org.keyledger.events.ApiKeyCreated'""")
                .param(id).query(String.class).single();
        try {
            return LedgerClient.JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(payload, e);
        }
    }

    /** Every cell of every base table in the public schema, as text. */
    private List<Cell> everyCellOfEveryTable() {
        Map<String, List<String[]>> columns = new LinkedHashMap<>();
        jdbc.sql("""
                        select c.table_name, c.column_name, c.data_type
                        from information_schema.columns c
                        join information_schema.tables t
                          on t.table_schema = c.table_schema and t.table_name = c.table_name
                        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                        order by c.table_name, c.ordinal_position""")
                .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)})
                .list()
                .forEach(c -> columns.computeIfAbsent(c[0], t -> new ArrayList<>()).add(c));
        assertThat(columns).containsKeys("domain_event_entry", "snapshot_event_entry", "token_entry",
                "api_key_data_key", "api_key_name");

        List<Cell> cells = new ArrayList<>();
        columns.forEach((table, tableColumns) -> {
            List<String> selected = new ArrayList<>();
            for (String[] column : tableColumns) {
                String name = "\"" + column[1] + "\"";
                if (column[2].equals("bytea")) {
                    selected.add(name);
                    selected.add("encode(" + name + ", 'escape')");
                } else {
                    selected.add(name + "::text");
                }
            }
            jdbc.sql("select " + String.join(", ", selected) + " from \"" + table + "\"")
                    .query(rs -> {
                        ResultSetMetaData meta = rs.getMetaData();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String where = table + "." + meta.getColumnLabel(i);
                            Object value = rs.getObject(i);
                            if (value instanceof byte[] bytes) {
                                cells.add(new Cell(where, new String(bytes, StandardCharsets.ISO_8859_1)));
                                utf8(bytes).ifPresent(text -> cells.add(new Cell(where + " (UTF-8)", text)));
                            } else if (value != null) {
                                cells.add(new Cell(where, value.toString()));
                            }
                        }
                    });
        });
        return cells;
    }

    private static java.util.Optional<String> utf8(byte[] bytes) {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }
}
