package dev.vigil.network;

import java.io.IOException;

/** An input that is not what its header says, or ends in the middle of a record. */
public class CorruptInputException extends IOException {
    private final boolean truncated;

    public CorruptInputException(String message) {
        this(message, false);
    }

    public CorruptInputException(String message, boolean truncated) {
        super(message);
        this.truncated = truncated;
    }

    /** True when the input simply ends early (an interrupted capture); what came before was read. */
    public boolean truncated() {
        return truncated;
    }
}
