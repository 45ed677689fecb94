package dev.vigil.core.run;

/**
 * The evidence cannot be checked as given (wrong type, wrong password, unsupported format).
 * The message is a single clear sentence for users, naming the file and what is wrong.
 */
public class EvidenceException extends Exception {
    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
