-- Fleet storage, version 1. Vendor-neutral SQL: it runs unchanged on H2 2.x and PostgreSQL 12+.
-- Rules: no now() or defaults from the database clock (the server passes its injected Clock's time);
-- keys and hashes as lower-case hex text (no BYTEA/VARBINARY split); column sizes repeat the Java bounds.

-- Enrolled clients. A key rotation keeps the previous signing key until previous_key_valid_until.
CREATE TABLE clients (
    id                        VARCHAR(36)  NOT NULL PRIMARY KEY,
    signing_key               CHAR(64)     NOT NULL,
    sealing_key               CHAR(64)     NOT NULL,
    channel                   VARCHAR(64)  NOT NULL,
    enrolled_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at                TIMESTAMP WITH TIME ZONE,
    previous_signing_key      CHAR(64),
    previous_key_valid_until  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT clients_signing_key_unique UNIQUE (signing_key)
);

-- One-time enrollment tokens, stored as SHA-256 hashes only. used_at set once, atomically.
CREATE TABLE enrollment_tokens (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash  CHAR(64)     NOT NULL,
    channel     VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    used_by     VARCHAR(36),
    CONSTRAINT enrollment_tokens_hash_unique UNIQUE (token_hash)
);

-- Request nonces seen per client, for replay protection until expires_at; the unique key is the check.
CREATE TABLE request_nonces (
    client_id   VARCHAR(36)  NOT NULL,
    nonce       VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT request_nonces_pk PRIMARY KEY (client_id, nonce),
    CONSTRAINT request_nonces_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);

-- Last reported state, one row per client, created at enrollment (so a check-in is a plain UPDATE and
-- needs no vendor-specific upsert).
CREATE TABLE client_state (
    client_id         VARCHAR(36)    NOT NULL PRIMARY KEY,
    last_seen         TIMESTAMP WITH TIME ZONE,
    patch_sequence    BIGINT         NOT NULL,
    bundles_json      VARCHAR(262144) NOT NULL,
    facts_json        VARCHAR(16384) NOT NULL,
    reported_channel  VARCHAR(64),
    check_ins         BIGINT         NOT NULL,
    CONSTRAINT client_state_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
);
CREATE INDEX client_state_last_seen ON client_state (last_seen);

-- Admin bearer tokens, hashes only.
CREATE TABLE admin_tokens (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash  CHAR(64)     NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    label       VARCHAR(128) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT admin_tokens_hash_unique UNIQUE (token_hash),
    CONSTRAINT admin_tokens_role_check CHECK (role IN ('READ_ONLY', 'OPERATOR'))
);

CREATE INDEX clients_channel ON clients (channel, id);
