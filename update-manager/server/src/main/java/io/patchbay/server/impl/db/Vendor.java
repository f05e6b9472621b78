package io.patchbay.server.impl.db;

import java.util.Locale;

/** The databases the server supports, chosen by JDBC URL; anything else is refused up front. */
public enum Vendor {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    Vendor(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /**
     * The vendor a JDBC URL names.
     *
     * @throws IllegalArgumentException for any other scheme, and for H2 URLs that run scripts on connect
     *     ({@code INIT=}): a configuration value must never be a way to execute SQL
     */
    public static Vendor fromUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("database URL is missing");
        }
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Vendor vendor : values()) {
            if (lower.startsWith(vendor.urlPrefix)) {
                if (vendor == H2 && lower.contains("init=")) {
                    throw new IllegalArgumentException("H2 database URLs with INIT= are refused");
                }
                return vendor;
            }
        }
        int colon = jdbcUrl.indexOf(':', "jdbc:".length());
        String scheme = colon > 0 ? jdbcUrl.substring(0, colon + 1) : jdbcUrl;
        throw new IllegalArgumentException("unsupported database URL scheme '" + scheme
                + "': use jdbc:h2:file:... (embedded, the default) or jdbc:postgresql://host/db");
    }
}
