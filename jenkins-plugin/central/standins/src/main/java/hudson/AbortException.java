package hudson;

import java.io.IOException;

/** Stand-in: a user-facing failure whose message Pipeline prints without a stack trace. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {
        super(message);
    }
}
