package io.tidings.bus.postgres;

import io.netty.channel.Channel;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a PostgreSQL connection's socket at once, without the protocol's goodbye, for a connection that
 * went silent.
 *
 * <p><b>Why.</b> vertx-pg-client's {@code close()} sends {@code Terminate}, half-closes the socket and
 * then waits for the server to close its side; a silent connection (a vanished NAT entry, a frozen
 * server) never does, so that close never completes: the statements in flight never fail, a pooled
 * connection is never given back, a {@code PgSubscriber} stays CLOSING and never reconnects (issue 11).
 * Vert.x also intercepts a Netty {@code close()} to shut the connection down gracefully, which ends the
 * same way. This closes the Netty channel from the head of its pipeline instead, below every handler that
 * would wait: the socket goes at once, the statements in flight fail with {@code ClosedConnectionException},
 * the close handler runs, and a pool drops the connection and opens another when asked.
 *
 * <p><b>Internals.</b> There is no public way to reach the socket, so this uses vertx-sql-client's and
 * vertx-core's internal types ({@link SqlConnectionInternal#unwrap()}, {@link SocketConnectionBase#socket()}),
 * which may change in any release (checked with 5.0.10, the version this project pins; the freeze tests
 * fail if it stops working). Should the types not match, it falls back to the ordinary close and says so
 * once.
 *
 * <p><b>Threading:</b> any thread; the channel closes on its own event loop.
 */
public final class HardClose {

  private static final Logger log = LoggerFactory.getLogger(HardClose.class);
  private static final AtomicBoolean warned = new AtomicBoolean();

  private HardClose() {}

  /** Closes {@code connection}'s socket now; pooled or not. */
  public static void now(SqlConnection connection) {
    Channel channel = channelOf(connection);
    if (channel != null) {
      var first = channel.pipeline().firstContext();
      if (first != null) {
        first.close();
      } else {
        channel.close(); // no handler left to intercept it
      }
      return;
    }
    if (warned.compareAndSet(false, true)) {
      log.warn("Cannot reach the socket of a {} (vertx-sql-client changed?): a silent connection is closed the"
          + " ordinary way, which waits for the server", connection.getClass().getName());
    }
    connection.close();
  }

  private static Channel channelOf(SqlConnection connection) {
    if (!(connection instanceof SqlConnectionInternal internal)) return null;
    Connection c = internal.unwrap();
    // A pooled connection wraps the socket connection; unwrap() peels one layer at a time.
    for (int depth = 0; depth < 4 && c != null && !(c instanceof SocketConnectionBase); depth++) {
      Connection inner = c.unwrap();
      if (inner == c) break;
      c = inner;
    }
    if (!(c instanceof SocketConnectionBase socket) || socket.socket() == null) return null;
    var context = socket.socket().channelHandlerContext();
    return context == null ? null : context.channel();
  }
}
