package io.patchbay.operator.cli;

/**
 * A failure reported as one line on stderr with its exit code. The codes are part of the command line's
 * contract (docs/guides/operator.md):
 * {@link #FAILED} 1 (a local failure: a file, the config), {@link #USAGE} 2, {@link #REFUSED} 3 (the server
 * answered with an error), {@link #UNREACHABLE} 4 (no connection, or no answer), {@link #UNTRUSTED} 5 (the
 * server's key does not match the pin: nothing was sent), {@link #OUT_OF_ORDER} 6 (a certificate-renewal phase
 * run out of order), {@link #NOT_READY} 7 (activate while live clients may not have the new root yet).
 */
final class CliException extends RuntimeException {
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;
    static final int UNTRUSTED = 5;
    static final int OUT_OF_ORDER = 6;
    static final int NOT_READY = 7;

    private final int exitCode;
    private final String serverError;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        this(exitCode, message, cause, null);
    }

    /** @param serverError the server's {@code error} code of a refusal, or null */
    CliException(int exitCode, String message, Throwable cause, String serverError) {
        super(message, cause);
        this.exitCode = exitCode;
        this.serverError = serverError;
    }

    /** The server's {@code error} code when the server refused, else null. */
    String serverError() {
        return serverError;
    }

    int exitCode() {
        return exitCode;
    }
}
