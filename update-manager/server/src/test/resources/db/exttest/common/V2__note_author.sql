ALTER TABLE exttest_notes ADD COLUMN author VARCHAR(64);
