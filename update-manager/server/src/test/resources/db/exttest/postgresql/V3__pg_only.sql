-- Present only in the vendor folder: runs on PostgreSQL, never on H2.
CREATE INDEX exttest_notes_author ON exttest_notes (author);
