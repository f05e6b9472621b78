package io.patchbay.tuf.api;

/**
 * The answer to a conditional fetch ({@link Fetcher#fetchConditional}): either the body with the entity tag
 * the server gave it, or "not modified" (HTTP 304: the server still has the representation whose tag the
 * request sent). Either way nothing is trusted until the updater has verified it; a "not modified" answer
 * only tells the updater to verify the bytes it already stores once more.
 *
 * <p>An entity tag is kept only when it is well formed ({@link #isWellFormedEtag}); anything else is dropped
 * here, so that a malformed or hostile header can never be stored or sent back.
 */
public final class FetchResponse {

    /** The longest entity tag kept (quotes and a {@code W/} prefix included). */
    public static final int MAX_ETAG_LENGTH = 256;

    private static final FetchResponse NOT_MODIFIED = new FetchResponse(null, null);

    private final byte[] body;
    private final String etag;

    private FetchResponse(byte[] body, String etag) {
        this.body = body;
        this.etag = etag;
    }

    /**
     * A full answer (HTTP 200).
     *
     * @param body the whole body (not copied)
     * @param etag the server's {@code ETag} header, or null; dropped unless {@link #isWellFormedEtag well formed}
     * @return a full answer
     * @throws NullPointerException if {@code body} is null
     */
    public static FetchResponse of(byte[] body, String etag) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return new FetchResponse(body, isWellFormedEtag(etag) ? etag : null);
    }

    /**
     * HTTP 304 to a request that carried {@code If-None-Match}.
     *
     * @return the (shared) "not modified" answer
     */
    public static FetchResponse notModified() {
        return NOT_MODIFIED;
    }

    /**
     * Whether this is a "not modified" answer, which has neither body nor entity tag.
     *
     * @return true for HTTP 304
     */
    public boolean isNotModified() {
        return body == null;
    }

    /**
     * The body of a full answer, untrusted until verified.
     *
     * @return the body as given (not copied)
     * @throws IllegalStateException for a "not modified" answer, which has no body
     */
    public byte[] body() {
        if (body == null) {
            throw new IllegalStateException("a not-modified answer has no body");
        }
        return body;
    }

    /**
     * The entity tag to send back in a later {@code If-None-Match} or {@code If-Range}.
     *
     * @return the well-formed entity tag of the body, or null (none, malformed, or a "not modified" answer)
     */
    public String etag() {
        return etag;
    }

    /**
     * An RFC 9110 entity tag: {@code "..."} or {@code W/"..."}, with only visible ASCII other than {@code "}
     * between the quotes, at most {@link #MAX_ETAG_LENGTH} characters in all. No spaces, no control
     * characters, nothing beyond ASCII: such a value is safe to store and to send back in a header.
     *
     * @param etag a header value, or null
     * @return whether it is such an entity tag (false for null)
     */
    public static boolean isWellFormedEtag(String etag) {
        if (etag == null || etag.length() > MAX_ETAG_LENGTH) {
            return false;
        }
        int start = etag.startsWith("W/") ? 2 : 0;
        if (etag.length() < start + 2 || etag.charAt(start) != '"' || etag.charAt(etag.length() - 1) != '"') {
            return false;
        }
        for (int i = start + 1; i < etag.length() - 1; i++) {
            char c = etag.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"') {
                return false;
            }
        }
        return true;
    }
}
