-- Staged rollouts, version 7. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1: no DB clock (every
-- time is written by the server from its injected clock), no vendor upserts, CHECK constraints repeat the enums.

-- A rollout of one release to one channel, in groups. version: bumped by every transition; each writer updates
-- "WHERE version = <what it read>", so two server nodes evaluating at once never both advance (the loser's
-- transaction changes nothing and rolls back). seed: the per-rollout salt of the stable client selection.
-- error_kind COUNT: halt when failures reach error_threshold; PERCENT: when failures reach that percent of the group.
CREATE TABLE rollouts (
    id                   VARCHAR(36)   NOT NULL PRIMARY KEY,
    name                 VARCHAR(64)   NOT NULL,
    release_id           VARCHAR(64)   NOT NULL,
    channel              VARCHAR(64)   NOT NULL,
    open_channel         VARCHAR(64),
    state                VARCHAR(16)   NOT NULL,
    version              BIGINT        NOT NULL,
    seed                 VARCHAR(36)   NOT NULL,
    success_threshold    INT           NOT NULL,
    error_threshold      INT           NOT NULL,
    error_kind           VARCHAR(8)    NOT NULL,
    soak_seconds         BIGINT        NOT NULL,
    action_type          VARCHAR(16)   NOT NULL,
    policy               VARCHAR(16)   NOT NULL,
    previous_release_id  VARCHAR(64),
    halt_reason          VARCHAR(2048),
    rollback_deployment_id VARCHAR(36),
    event_count          INT           NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by           VARCHAR(36)   NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT rollouts_release_fk FOREIGN KEY (release_id) REFERENCES releases (id),
    CONSTRAINT rollouts_open_channel_unique UNIQUE (open_channel),
    CONSTRAINT rollouts_state_check CHECK (state IN ('RUNNING', 'PAUSED', 'HALTED', 'CANCELLED', 'FINISHED')),
    CONSTRAINT rollouts_error_kind_check CHECK (error_kind IN ('COUNT', 'PERCENT')),
    CONSTRAINT rollouts_success_check CHECK (success_threshold BETWEEN 1 AND 100),
    CONSTRAINT rollouts_soak_check CHECK (soak_seconds >= 0)
);
CREATE INDEX rollouts_state ON rollouts (state, channel);

-- The groups of a rollout, in order. percent: the cumulative share of the channel this group reaches (a PERCENT
-- group takes the clients whose bucket lies between the previous PERCENT group's share and its own); NULL for a
-- CLIENTS group (rollout_group_clients). deployment_id: the explicit-client deployment made when the group started.
CREATE TABLE rollout_groups (
    rollout_id     VARCHAR(36)  NOT NULL,
    group_index    INT          NOT NULL,
    selector       VARCHAR(8)   NOT NULL,
    percent        INT,
    state          VARCHAR(16)  NOT NULL,
    deployment_id  VARCHAR(36),
    started_at     TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    succeeded      INT          NOT NULL,
    failed         INT          NOT NULL,
    CONSTRAINT rollout_groups_pk PRIMARY KEY (rollout_id, group_index),
    CONSTRAINT rollout_groups_rollout_fk FOREIGN KEY (rollout_id) REFERENCES rollouts (id),
    CONSTRAINT rollout_groups_deployment_fk FOREIGN KEY (deployment_id) REFERENCES deployments (id),
    CONSTRAINT rollout_groups_selector_check CHECK (selector IN ('PERCENT', 'CLIENTS')),
    CONSTRAINT rollout_groups_percent_check CHECK ((selector = 'PERCENT' AND percent BETWEEN 1 AND 100)
        OR (selector = 'CLIENTS' AND percent IS NULL)),
    CONSTRAINT rollout_groups_state_check CHECK (state IN ('SCHEDULED', 'RUNNING', 'FINISHED', 'HALTED', 'CANCELLED'))
);
CREATE INDEX rollout_groups_deployment ON rollout_groups (deployment_id);

-- The clients an operator named for CLIENTS groups; a client is in at most one group of a rollout.
CREATE TABLE rollout_group_clients (
    rollout_id   VARCHAR(36)  NOT NULL,
    client_id    VARCHAR(36)  NOT NULL,
    group_index  INT          NOT NULL,
    CONSTRAINT rollout_group_clients_pk PRIMARY KEY (rollout_id, client_id),
    CONSTRAINT rollout_group_clients_group_fk FOREIGN KEY (rollout_id, group_index)
        REFERENCES rollout_groups (rollout_id, group_index)
);

-- What happened, in order (seq per rollout): state changes, group starts and ends, halts with their reason, and
-- PROGRESS points (a group's succeeded/failed counts when they changed) for the dashboard's charts.
CREATE TABLE rollout_events (
    rollout_id   VARCHAR(36)   NOT NULL,
    seq          INT           NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    group_index  INT,
    succeeded    INT,
    failed       INT,
    detail       VARCHAR(2048),
    CONSTRAINT rollout_events_pk PRIMARY KEY (rollout_id, seq),
    CONSTRAINT rollout_events_rollout_fk FOREIGN KEY (rollout_id) REFERENCES rollouts (id)
);

-- The first health DOWN a client reported (check-in facts) while soaking in a rollout's group: a failure.
CREATE TABLE rollout_health (
    rollout_id   VARCHAR(36)   NOT NULL,
    client_id    VARCHAR(36)   NOT NULL,
    group_index  INT           NOT NULL,
    seen_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    failing      VARCHAR(512),
    CONSTRAINT rollout_health_pk PRIMARY KEY (rollout_id, client_id),
    CONSTRAINT rollout_health_rollout_fk FOREIGN KEY (rollout_id) REFERENCES rollouts (id)
);

-- A group's deployment names its rollout: it ranks with channel deployments (newest wins), not above them as an
-- operator's explicit deployment does, so a later channel deployment reaches the rollout's clients too.
ALTER TABLE deployments ADD COLUMN rollout_id VARCHAR(36);
