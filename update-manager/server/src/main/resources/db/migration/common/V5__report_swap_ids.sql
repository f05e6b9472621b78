-- Install report swap ids, version 5. Vendor-neutral SQL (H2 2.x and PostgreSQL 12+), same rules as V1.
-- swap_id: the runtime's transaction id of the swap a final report describes, as the agent sends it. An agent that
-- crashed between the server's 202 and its own acknowledgement sends the report again; the unique index makes the
-- second copy the same report instead of a duplicate row. NULL (progress states, older agents) never collides.
ALTER TABLE install_reports ADD COLUMN swap_id VARCHAR(64);
CREATE UNIQUE INDEX install_reports_swap ON install_reports (client_id, swap_id);
