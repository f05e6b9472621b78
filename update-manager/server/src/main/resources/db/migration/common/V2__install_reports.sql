-- Install reports, version 2. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1.
-- One row per report a client sends: progress states and final results alike, newest last. received_at is the
-- server's injected clock; signed_at is the request's signed timestamp.
CREATE TABLE install_reports (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    client_id        VARCHAR(36)    NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    signed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    target_sequence  BIGINT         NOT NULL,
    state            VARCHAR(24)    NOT NULL,
    final_result     BOOLEAN        NOT NULL,
    cause            VARCHAR(1024),
    timings_json     VARCHAR(4096)  NOT NULL,
    log_excerpt      VARCHAR(8192),
    CONSTRAINT install_reports_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
    CONSTRAINT install_reports_state_check CHECK (state IN ('DOWNLOADING', 'WAITING_FOR_POLICY', 'APPLYING',
        'COMMITTED', 'REJECTED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'CRASHED'))
);
CREATE INDEX install_reports_client ON install_reports (client_id, received_at);
CREATE INDEX install_reports_state ON install_reports (state, received_at);
