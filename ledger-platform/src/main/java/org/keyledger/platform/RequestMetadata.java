package org.keyledger.platform;

import org.axonframework.messaging.MetaData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who asked for a change, and from where: kept on every command and event for the audit trail.
 *
 * @param actor          the instance key that authenticated the request, by fingerprint ({@code key_…}; never the
 *                       key), or the user ({@code user_…}) whose session token did
 * @param requestId      the request's id ({@code X-Request-Id} if the client sent a sane one), also in logs and errors
 * @param clientAddress  the client's address as the server saw it (after trusted proxies)
 * @param userAgent      the client's {@code User-Agent}, possibly null
 * @param sessionId      the session ({@code sid}) when a session token authenticated the request, else null
 * @param organizationId that session's active organization, if any
 */
public record RequestMetadata(String actor, String requestId, String clientAddress, String userAgent,
                              String sessionId, String organizationId) {

    public static final String ACTOR = "actor";
    public static final String REQUEST_ID = "requestId";
    public static final String CLIENT_ADDRESS = "clientAddress";
    public static final String USER_AGENT = "userAgent";
    public static final String SESSION_ID = "sessionId";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final List<String> KEYS = List.of(ACTOR, REQUEST_ID, CLIENT_ADDRESS, USER_AGENT, SESSION_ID,
            ORGANIZATION_ID);

    /** A request authenticated by an instance key. */
    public RequestMetadata(String actor, String requestId, String clientAddress, String userAgent) {
        this(actor, requestId, clientAddress, userAgent, null, null);
    }

    public MetaData asMetaData() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(ACTOR, actor);
        values.put(REQUEST_ID, requestId);
        values.put(CLIENT_ADDRESS, clientAddress);
        values.put(USER_AGENT, userAgent);
        values.put(SESSION_ID, sessionId);
        values.put(ORGANIZATION_ID, organizationId);
        values.values().removeIf(java.util.Objects::isNull);
        return MetaData.from(values);
    }

    public static RequestMetadata from(Map<String, ?> metaData) {
        return new RequestMetadata(text(metaData, ACTOR), text(metaData, REQUEST_ID),
                text(metaData, CLIENT_ADDRESS), text(metaData, USER_AGENT), text(metaData, SESSION_ID),
                text(metaData, ORGANIZATION_ID));
    }

    private static String text(Map<String, ?> metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
