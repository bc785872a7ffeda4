package io.tidings.bus.postgres;

import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A plain pgjdbc session on a bus channel, as a foreign node would have: it sees the raw NOTIFY payloads
 * and can send any payload. Used by one test thread.
 */
final class RawChannel implements AutoCloseable {

  private final Connection connection;
  private final String channel;
  private final List<String> seen = new ArrayList<>();

  RawChannel(PgTarget db, String channel) throws SQLException {
    this.connection = TestPostgres.connect(db);
    this.channel = channel;
    try (Statement s = connection.createStatement()) {
      s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
    }
  }

  /** Sends {@code payload} on this channel, as a peer's NOTIFY. */
  void send(String payload) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }

  /** Every payload read so far, in order. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  /** Waits up to {@code millis} for a payload matching {@code wanted}; every payload read is kept. */
  String await(Predicate<String> wanted, long millis) throws SQLException {
    long deadline = System.currentTimeMillis() + millis;
    for (String p : seen) {
      if (wanted.test(p)) return p;
    }
    while (System.currentTimeMillis() < deadline) {
      PGNotification[] batch = connection.unwrap(PGConnection.class).getNotifications(200);
      if (batch == null) continue;
      String found = null;
      for (PGNotification n : batch) {
        // Keep the whole batch: what follows the match is what the next await looks for.
        seen.add(n.getParameter());
        if (found == null && wanted.test(n.getParameter())) found = n.getParameter();
      }
      if (found != null) return found;
    }
    throw new AssertionError("No matching payload on " + channel + " within " + millis + " ms; saw " + seen);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
