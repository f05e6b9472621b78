package io.patchbay.operator.cli;

/**
 * A failure reported as one line on stderr with its exit code. The codes are part of the command line's
 * contract (docs/guides/operator.md):
 * {@link #FAILED} 1 (a local failure: a file, the config), {@link #USAGE} 2, {@link #REFUSED} 3 (the server
 * answered with an error), {@link #UNREACHABLE} 4 (no connection, or no answer), {@link #UNTRUSTED} 5 (the
 * server's key does not match the pin: nothing was sent).
 */
final class CliException extends RuntimeException {
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;
    static final int UNTRUSTED = 5;

    private final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
