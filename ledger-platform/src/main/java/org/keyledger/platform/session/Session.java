package org.keyledger.platform.session;

import org.keyledger.platform.error.LedgerException;

/**
 * A signed-in user, as an authenticated session token describes them, and the one place for what a session may do
 * with a subject's keys: its user's keys, and its active organization's (every member lists; managers create and
 * revoke).
 *
 * @param userId              {@code sub}
 * @param sessionId           {@code sid}, possibly null
 * @param organizationId      the active organization ({@code o.id} in v2 tokens, {@code org_id} in v1), or null
 * @param organizationManager whether the session may create and revoke the organization's keys
 */
public record Session(String userId, String sessionId, String organizationId, boolean organizationManager) {

    static final String MANAGE_PERMISSION = "sys_api_keys:manage";

    /** May this session see the subject's keys (list them, learn that one exists)? */
    public boolean sees(String subject) {
        return userId.equals(subject) || (organizationId != null && organizationId.equals(subject));
    }

    /** May this session create and revoke the subject's keys? */
    public boolean manages(String subject) {
        return userId.equals(subject) || (organizationManager && organizationId != null
                && organizationId.equals(subject));
    }

    public void requireSees(String subject) {
        if (!sees(subject)) {
            throw LedgerException.forbidden("A session may only use the API keys of its own user ("
                    + userId + ")" + (organizationId == null ? "" : " or of its active organization ("
                    + organizationId + ")") + ".");
        }
    }

    public void requireManages(String subject) {
        requireSees(subject);
        if (!manages(subject)) {
            throw LedgerException.forbidden("Creating and revoking the organization's API keys needs an "
                    + "organization manager role or the permission org:" + MANAGE_PERMISSION + ".");
        }
    }

    /** A key of a subject the session cannot see does not exist for it (404); one it sees but cannot manage, 403. */
    public void requireRevocable(String subject) {
        if (!sees(subject)) {
            throw LedgerException.notFound();
        }
        requireManages(subject);
    }

    /** The subject of a key the session creates: the one it asked for, else its organization, else its user. */
    public String subjectToCreate(String requested) {
        String subject = requested != null ? requested : organizationId != null ? organizationId : userId;
        requireManages(subject);
        return subject;
    }

    static String withoutOrgPrefix(String name) {
        return name.startsWith("org:") ? name.substring("org:".length()) : name;
    }
}
