package org.keyledger.command.apikey;

import org.keyledger.platform.error.LedgerException;

/** Another key that is not deleted already has this name within the subject. */
public class NameTakenException extends LedgerException {

    public NameTakenException() {
        super(Kind.CONFLICT, "API key name already exists",
                "An API key with this name already exists for this subject.", "name");
    }
}
