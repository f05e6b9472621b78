package io.patchbay.sample.host.impl.json;

/** JSON that does not parse into the expected shape; the message says where and why. */
public final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
