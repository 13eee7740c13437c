package org.keyledger.wire;

/** The answer to a delete: {@code {"id":"ak_…","object":"api_key","deleted":true}}. */
public record DeletedObject(String id, String object, boolean deleted) {

    public static DeletedObject apiKey(String id) {
        return new DeletedObject(id, "api_key", true);
    }
}
