-- A test extension's schema: versions 1 and 2 of its own history, beside the server's V1..V5.
CREATE TABLE exttest_notes (
    id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    body  VARCHAR(200) NOT NULL
);
