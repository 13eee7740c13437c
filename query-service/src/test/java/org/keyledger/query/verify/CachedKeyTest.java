package org.keyledger.query.verify;

import org.junit.jupiter.api.Test;
import org.keyledger.query.keys.ApiKeyView;
import tools.jackson.databind.util.RawValue;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the verify cache keeps of a key ({@link Verifier#cached}): the same answer, in fewer objects. */
class CachedKeyTest {

    /** A key as read from its own row: every string a new instance, the scopes a growable list, as JDBC gives them. */
    private static ApiKeyView read(String id, String createdBy) {
        return new ApiKeyView(id, new String("api_key"), "key " + id, new String("user_1"), null,
                new RawValue("{\"tenant\":\"t_1\"}"), new ArrayList<>(List.of(new String("read"), new String("write"))),
                createdBy == null ? null : new String(createdBy), null, 1L, 2L, false, null, false, 3L,
                "a".repeat(64), "sealed");
    }

    @Test
    void keepsEverythingVerifyAnswersAndNotTheSealedSecret() {
        ApiKeyView key = read("ak_1", "user_1");

        ApiKeyView cached = Verifier.cached(key);

        assertThat(cached).usingRecursiveComparison().ignoringFields("secretCiphertext").isEqualTo(key);
        assertThat(cached.secretCiphertext()).isNull();
    }

    @Test
    void keysReadApartShareTheirTypeAndScopeNames() {
        ApiKeyView one = Verifier.cached(read("ak_1", null));
        ApiKeyView other = Verifier.cached(read("ak_2", null));

        assertThat(one.type()).isSameAs(other.type());
        assertThat(one.scopes().get(0)).isSameAs(other.scopes().get(0));
        assertThat(one.scopes().get(1)).isSameAs(other.scopes().get(1));
        assertThatThrownBy(() -> one.scopes().add("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aUsersOwnKeyKeepsItsCreatorAsItsSubject() {
        ApiKeyView own = Verifier.cached(read("ak_1", "user_1"));
        ApiKeyView issuedByAnother = Verifier.cached(read("ak_2", "user_2"));

        assertThat(own.createdBy()).isSameAs(own.subject());
        assertThat(issuedByAnother.createdBy()).isEqualTo("user_2");
    }
}
