package io.tidings.emitter;

import io.tidings.bus.BusPublisher;
import io.tidings.bus.wire.ChannelName;
import io.tidings.bus.wire.OutboundMessage;
import io.tidings.bus.wire.Publication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Publishes one cluster message on a caller's JDBC connection, with the statements the Node emitter uses:
 * {@code SELECT pg_notify(?, ?)}, or for a message that needs the attachment table
 * {@code INSERT INTO <table> (payload) VALUES (?) RETURNING id} and then the NOTIFY of its header. Both run in
 * whatever transaction the connection has open, so the row and the notification commit or roll back together.
 * Standard JDBC only (any driver for PostgreSQL), and nothing of the bus's Vert.x side.
 *
 * <p>Stateless and thread-safe; the connection is used by the calling thread only, as JDBC requires.
 */
final class JdbcPublication {

  static final String NOTIFY_SQL = "SELECT pg_notify(?, ?)";

  private JdbcPublication() {}

  /** The statement that stores an attachment row; {@code table} was validated as an identifier. */
  static String insertSql(String table) {
    return "INSERT INTO " + table + " (payload) VALUES (?) RETURNING id";
  }

  /** The Node adapter README's DDL. */
  static String createTableSql(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)";
  }

  static void publish(Connection connection, EmitterOptions options, String nsp, ClusterMessages.Message m)
      throws SQLException {
    String channel = ChannelName.of(options.key(), nsp);
    OutboundMessage out = OutboundMessage.of(m.type(), m.data(), BusPublisher.EMITTER_UID, nsp);
    switch (out.publication(-1, options.payloadThreshold())) {
      case Publication.Notify n -> notify(connection, channel, n.payload());
      case Publication.Attachment a -> notify(connection, channel, a.header(insert(connection, options.tableName(), a.row())));
    }
  }

  private static long insert(Connection connection, String table, byte[] row) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(insertSql(table))) {
      ps.setBytes(1, row);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("INSERT … RETURNING id into " + table + " returned no row");
        }
        return rs.getLong(1);
      }
    }
  }

  private static void notify(Connection connection, String channel, String payload) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(NOTIFY_SQL)) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }
}
