-- Install feedback extras, version 4. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1.
-- deployment_id: the deployment the agent says the report belongs to (the server's own id echoed back; not a
-- foreign key, so a report naming a deployment this server does not know is still kept). policy_json: the host's
-- policy-engine report (deferrals, user choice, warnings, enforcement, last decision, events), a bounded JSON
-- object checked by the server before it is stored. Both null for agents that do not send them.
ALTER TABLE install_reports ADD COLUMN deployment_id VARCHAR(64);
ALTER TABLE install_reports ADD COLUMN policy_json VARCHAR(8192);
CREATE INDEX install_reports_deployment ON install_reports (deployment_id, client_id, received_at);
