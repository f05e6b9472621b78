package io.patchbay.server.impl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE}. Both drivers map {@link OffsetDateTime} exactly
 * (JDBC 4.2), unlike {@code java.sql.Timestamp}, which goes through the JVM's default time zone. Truncated to
 * microseconds, PostgreSQL's precision, so H2 and PostgreSQL return the same value.
 */
final class Timestamps {
    private Timestamps() {
    }

    static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
        }
    }

    static Instant get(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant truncate(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
