package io.carbonmlops.cli;

import java.io.IOException;

/** Turns "could not start the command" into the shell's codes: 127 not found, 126 not executable. */
final class StartFailure {
    private StartFailure() {}

    static CarbonException of(String program, IOException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (message != null && message.contains("error=2,")) {
            return new CarbonException(ExitCodes.NOT_FOUND, "cannot run '" + program
                    + "': no such file or command (check the name and PATH)", e);
        }
        return new CarbonException(ExitCodes.CANNOT_EXECUTE, "cannot run '" + program + "': "
                + stripErrno(message) + " (check that it is an executable program)", e);
    }

    private static String stripErrno(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replaceFirst("^error=\\d+, ", "");
    }
}
