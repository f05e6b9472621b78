package io.patchbay.server.store;

/** What an admin bearer token may do. */
public enum AdminRole {
    /** Fleet views and reports only. */
    READ_ONLY,
    /** Also publish, deploy, cancel, issue enrollment tokens and revoke clients. */
    OPERATOR
}
