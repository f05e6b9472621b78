package io.patchbay.server.store;

/**
 * The bounds every stored input must fit. They are far above what an honest agent sends and low enough that
 * one client cannot grow the database without limit. The schema repeats the column sizes, so a path that
 * skipped these checks would still fail rather than store a huge row.
 */
public final class StoreLimits {
    /** Channel names: {@code [A-Za-z0-9._-]}, 1 to this many characters. */
    public static final int MAX_CHANNEL_CHARS = 64;
    /** Host facts: one JSON object of at most this many UTF-8 bytes. */
    public static final int MAX_FACTS_JSON_BYTES = 16 * 1024;
    /** JSON nesting depth of host facts. */
    public static final int MAX_FACTS_JSON_DEPTH = 16;
    /** Bundles in one reported patch level. */
    public static final int MAX_BUNDLES = 512;
    /** A bundle's symbolic name. */
    public static final int MAX_BUNDLE_NAME_CHARS = 255;
    /** A bundle's version string. */
    public static final int MAX_BUNDLE_VERSION_CHARS = 64;
    /** Request nonces: base64url, between these many characters (16 chars = 96 bits at least). */
    public static final int MIN_NONCE_CHARS = 16;
    /** Request nonces: at most this many characters. */
    public static final int MAX_NONCE_CHARS = 128;
    /** Tokens as presented (longer ones are refused before hashing). */
    public static final int MAX_TOKEN_CHARS = 128;
    /** Free-text labels of admin tokens. */
    public static final int MAX_LABEL_CHARS = 128;
    /** Raw Ed25519 and X25519 public keys. */
    public static final int PUBLIC_KEY_BYTES = 32;
    /** The cause of a failed install, as reported. */
    public static final int MAX_CAUSE_CHARS = 1024;
    /** The log excerpt of an install report (the tail of the client's log). */
    public static final int MAX_LOG_EXCERPT_CHARS = 8192;
    /** Timed steps in one install report; step names follow the channel-name rules. */
    public static final int MAX_TIMING_STEPS = 32;
    /** A timed step's name. */
    public static final int MAX_STEP_NAME_CHARS = 64;
    /** One fleet page. */
    public static final int MAX_PAGE_SIZE = 1000;

    private StoreLimits() {
    }

    /** A release id: letters, digits, '.', '_', '-'. */
    public static final int MAX_RELEASE_ID_CHARS = 64;
    /** Bundles in one release. */
    public static final int MAX_RELEASE_BUNDLES = 64;
    /** Clients named by one deployment's explicit group. */
    public static final int MAX_DEPLOYMENT_CLIENTS = 1000;
    /** Feature names a DEADLINE/DISABLE_FEATURES policy may name, and their length. */
    public static final int MAX_FEATURES = 32;
    /** A feature name's length. */
    public static final int MAX_FEATURE_CHARS = 64;
    /** A maintenance window as stored: JSON object text, shallow. */
    public static final int MAX_WINDOW_CHARS = 1024;
    /** A maintenance window's JSON nesting depth. */
    public static final int MAX_WINDOW_DEPTH = 3;

    /** The deployment id an install report names (the server's id echoed back by the agent). */
    public static final int MAX_DEPLOYMENT_ID_CHARS = 64;
    /** The policy-engine report of an install report: one JSON object, this many characters, this deep. */
    public static final int MAX_POLICY_JSON_CHARS = 8192;
    /** The policy-engine report's JSON nesting depth. */
    public static final int MAX_POLICY_JSON_DEPTH = 4;
    /** Events and warnings in one policy report (the agent sends the last 16). */
    public static final int MAX_POLICY_EVENTS = 32;
}
