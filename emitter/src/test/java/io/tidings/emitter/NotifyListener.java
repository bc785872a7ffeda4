package io.tidings.emitter;

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
 * A plain pgjdbc session LISTENing on NOTIFY channels, as a foreign node would: it sees the raw payloads of
 * every channel it listens to, in delivery order, and can send a marker on one of them from its own
 * (autocommit) session. Used by one test thread.
 */
final class NotifyListener implements AutoCloseable {

  /** One notification as received. */
  record Notification(String channel, String payload) {}

  private final Connection connection;
  private final List<Notification> seen = new ArrayList<>();

  NotifyListener(PgTarget db, String... channels) throws SQLException {
    this.connection = TestPostgres.connect(db);
    try (Statement s = connection.createStatement()) {
      for (String channel : channels) {
        s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
      }
    }
  }

  /** NOTIFYs {@code payload} on {@code channel} from this session, committed at once. */
  void send(String channel, String payload) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }

  /** The first notification whose payload matches, among those read so far or those to come within 10 s. */
  Notification await(Predicate<String> wanted) throws SQLException {
    long deadline = System.currentTimeMillis() + 10_000;
    for (int read = 0; ; ) {
      for (; read < seen.size(); read++) {
        if (wanted.test(seen.get(read).payload())) return seen.get(read);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("No matching notification within 10 s; saw " + seen);
      }
      poll();
    }
  }

  /** The payload of the first notification equal to {@code payload}, waiting for it. */
  Notification awaitExactly(String payload) throws SQLException {
    return await(payload::equals);
  }

  /** Every notification read so far, in delivery order. */
  List<Notification> seen() {
    return List.copyOf(seen);
  }

  /** Every payload read so far, in delivery order. */
  List<String> payloads() {
    return seen.stream().map(Notification::payload).toList();
  }

  private void poll() throws SQLException {
    PGNotification[] batch = connection.unwrap(PGConnection.class).getNotifications(200);
    if (batch != null) {
      for (PGNotification n : batch) {
        seen.add(new Notification(n.getName(), n.getParameter()));
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
