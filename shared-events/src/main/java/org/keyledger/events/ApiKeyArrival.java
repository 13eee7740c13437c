package org.keyledger.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event by which a key comes into the ledger: created here, or imported from elsewhere. Both carry the key's
 * fields as it begins, which the query model and the event's description read alike.
 */
public sealed interface ApiKeyArrival extends ApiKeyEvent permits ApiKeyCreated, ApiKeyImported {

    String type();

    String name();

    String subject();

    String description();

    Object claims();

    List<String> scopes();

    String createdBy();

    Long expiration();

    long createdAt();

    SealedSecret secret();

    /** The key's fields as it arrives, by wire name, in a stable order (null values kept): never the secret. */
    default Map<String, Object> arrivingFields() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type());
        data.put("name", name());
        data.put("subject", subject());
        data.put("description", description());
        data.put("claims", claims());
        data.put("scopes", scopes());
        data.put("created_by", createdBy());
        data.put("expiration", expiration());
        return data;
    }
}
