-- True rollbacks of a halted rollout, version 9. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1.

-- rollback_of: the halted release a deployment takes its clients back from (NULL for every other deployment). The
-- device API marks the offer as a rollback with that release's level; the agent applies a lower level only when so
-- marked and only if it committed exactly those bytes before.
ALTER TABLE deployments ADD COLUMN rollback_of VARCHAR(64);
ALTER TABLE deployments ADD CONSTRAINT deployments_rollback_of_fk FOREIGN KEY (rollback_of) REFERENCES releases (id);

-- The clients of a halted rollout that committed its release but have no earlier committed release to go back to
-- (they ran the host's initial bundles): no release can take them back; kept so the rollout's status names them.
CREATE TABLE rollout_rollback_skips (
    rollout_id  VARCHAR(36)   NOT NULL,
    client_id   VARCHAR(36)   NOT NULL,
    reason      VARCHAR(512)  NOT NULL,
    CONSTRAINT rollout_rollback_skips_pk PRIMARY KEY (rollout_id, client_id),
    CONSTRAINT rollout_rollback_skips_rollout_fk FOREIGN KEY (rollout_id) REFERENCES rollouts (id)
);
