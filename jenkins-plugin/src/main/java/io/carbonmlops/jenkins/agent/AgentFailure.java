package io.carbonmlops.jenkins.agent;

import java.io.IOException;

/**
 * What an agent-side call sends back when it fails: the messages of the failure and its causes, as text, with no
 * cause attached. Whatever an agent throws is deserialized on the controller, whose class filter (JEP-200) rejects
 * objects of library classes that a library's exception may hold (and a cause's class may not exist there at all).
 */
public final class AgentFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSES = 8;

    private AgentFailure(String message) {
        super(message, null);
    }

    /** {@code what: message; cause's message; …}, naming an exception's simple class where it has no message. */
    public static AgentFailure of(String what, Throwable failure) {
        StringBuilder text = new StringBuilder(what).append(": ").append(describe(failure));
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            String line = describe(cause);
            if (text.indexOf(line) < 0) {
                text.append("; ").append(line);
            }
        }
        return new AgentFailure(text.toString());
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
