-- A migration that fails: the extension must not start, and the server's own schema is untouched.
CREATE TABLE exttestbroken_ok (id INT NOT NULL PRIMARY KEY);
CREATE TABLE exttestbroken_bad (id NO_SUCH_TYPE);
