-- Releases and deployments, version 3. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1.

-- A release: a named set of bundles published as TUF targets, at a level (the patch sequence clients report).
CREATE TABLE releases (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    release_level   BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(36)  NOT NULL,
    CONSTRAINT releases_level_unique UNIQUE (release_level)
);

-- The bundles of a release, by their TUF target path (repository-relative).
CREATE TABLE release_bundles (
    release_id      VARCHAR(64)  NOT NULL,
    target_path     VARCHAR(512) NOT NULL,
    symbolic_name   VARCHAR(128) NOT NULL,
    bundle_version  VARCHAR(64)  NOT NULL,
    sha256          CHAR(64)     NOT NULL,
    length_bytes    BIGINT       NOT NULL,
    CONSTRAINT release_bundles_pk PRIMARY KEY (release_id, target_path),
    CONSTRAINT release_bundles_release_fk FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX release_bundles_identity ON release_bundles (symbolic_name, bundle_version);

-- A release assigned to a channel (channel set) or to an explicit group of clients (deployment_clients).
-- maintenance_window is stored as given (a small JSON text); the policy module evaluates it.
CREATE TABLE deployments (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    created_seq         BIGINT        NOT NULL,
    release_id          VARCHAR(64)   NOT NULL,
    channel             VARCHAR(64),
    action_type         VARCHAR(16)   NOT NULL,
    forced_at           TIMESTAMP WITH TIME ZONE,
    policy              VARCHAR(16)   NOT NULL,
    deadline            TIMESTAMP WITH TIME ZONE,
    deadline_action     VARCHAR(24),
    features_json       VARCHAR(4096),
    maintenance_window  VARCHAR(1024),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(36)   NOT NULL,
    cancelled_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT deployments_seq_unique UNIQUE (created_seq),
    CONSTRAINT deployments_release_fk FOREIGN KEY (release_id) REFERENCES releases (id),
    CONSTRAINT deployments_action_check CHECK (action_type IN ('FORCED', 'SOFT', 'DOWNLOAD_ONLY', 'TIME_FORCED')),
    CONSTRAINT deployments_policy_check CHECK (policy IN ('NOW', 'WHEN_IDLE', 'AFTER_COMMIT', 'ASK_USER', 'DEADLINE')),
    CONSTRAINT deployments_deadline_action_check CHECK (deadline_action IS NULL
        OR deadline_action IN ('DISABLE_FEATURES', 'SHUT_DOWN'))
);
CREATE INDEX deployments_channel ON deployments (channel, cancelled_at);

CREATE TABLE deployment_clients (
    deployment_id  VARCHAR(36)  NOT NULL,
    client_id      VARCHAR(36)  NOT NULL,
    CONSTRAINT deployment_clients_pk PRIMARY KEY (deployment_id, client_id),
    CONSTRAINT deployment_clients_deployment_fk FOREIGN KEY (deployment_id) REFERENCES deployments (id),
    CONSTRAINT deployment_clients_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
);
CREATE INDEX deployment_clients_client ON deployment_clients (client_id);
