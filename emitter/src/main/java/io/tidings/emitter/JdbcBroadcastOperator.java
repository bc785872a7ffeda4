package io.tidings.emitter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;

/**
 * The sockets an emit on a caller's connection reaches, and how: rooms to reach (none: every socket of the
 * namespace), rooms to leave out, and the {@code volatile} / {@code compress} flags. Each of {@link #to},
 * {@link #in}, {@link #except}, {@link #compress} and {@link #volatile_} returns a new operator; nothing is
 * shared between two emits. The terminal methods ({@link #emit}, {@link #socketsJoin}, {@link #socketsLeave},
 * {@link #disconnectSockets}, {@link #serverSideEmit}) run their statements on the connection at once, in its
 * current transaction: see {@link JdbcEmitter} for when the cluster sees them.
 *
 * <p>Errors: a name Socket.IO reserves, a callback among the arguments (acknowledgements are not supported) or
 * a value Jackson cannot write throws {@link IllegalArgumentException} before anything is sent; a statement
 * that fails throws {@link EmitterException} with the {@link SQLException} as its cause (the transaction is
 * then aborted: roll it back), and is counted in {@link EmitterStats#failed()}.
 *
 * <p><b>Threading:</b> immutable, but bound to a JDBC connection, which one thread uses at a time.
 */
public final class JdbcBroadcastOperator {

  private final Connection connection;
  private final EmitterOptions options;
  private final EmitterCounters counters;
  private final String nsp;
  private final BroadcastOptions to;

  JdbcBroadcastOperator(Connection connection, EmitterOptions options, EmitterCounters counters, String nsp,
      BroadcastOptions to) {
    this.connection = connection;
    this.options = options;
    this.counters = counters;
    this.nsp = nsp;
    this.to = to;
  }

  /** Also reaches the sockets in {@code rooms}. */
  public JdbcBroadcastOperator to(String... rooms) {
    return to(Arrays.asList(rooms));
  }

  /** Also reaches the sockets in {@code rooms}. */
  public JdbcBroadcastOperator to(Collection<String> rooms) {
    return with(to.withRooms(rooms));
  }

  /** The same as {@link #to(String...)}. */
  public JdbcBroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** The same as {@link #to(Collection)}. */
  public JdbcBroadcastOperator in(Collection<String> rooms) {
    return to(rooms);
  }

  /** Leaves out the sockets in {@code rooms}. */
  public JdbcBroadcastOperator except(String... rooms) {
    return except(Arrays.asList(rooms));
  }

  /** Leaves out the sockets in {@code rooms}. */
  public JdbcBroadcastOperator except(Collection<String> rooms) {
    return with(to.withExcept(rooms));
  }

  /** Sets the {@code compress} flag (permessage-deflate for this message, where the client negotiated it). */
  public JdbcBroadcastOperator compress(boolean compress) {
    return with(to.withFlag("compress", compress));
  }

  /**
   * Sets the {@code volatile} flag: a socket that cannot take the message right now (its transport is busy)
   * does not get it.
   */
  public JdbcBroadcastOperator volatile_() {
    return with(to.withFlag("volatile", true));
  }

  /**
   * Emits {@code event} with {@code args} to the chosen sockets. Arguments are written as JSON by the
   * emitter's {@code ObjectMapper}; {@code byte[]} and {@code ByteBuffer} are sent as binary.
   *
   * @throws IllegalArgumentException for a reserved event name, a callback among the arguments, or a value
   *                                  that cannot be written as JSON
   * @throws EmitterException         when a statement failed
   */
  public void emit(String event, Object... args) {
    publish(ClusterMessages.broadcast(nsp, to, event, args, options.objectMapper()));
  }

  /** Makes the chosen sockets join {@code rooms}, on every node. */
  public void socketsJoin(String... rooms) {
    socketsJoin(Arrays.asList(rooms));
  }

  /** Makes the chosen sockets join {@code rooms}, on every node. */
  public void socketsJoin(Collection<String> rooms) {
    publish(ClusterMessages.socketsJoin(to, rooms));
  }

  /** Makes the chosen sockets leave {@code rooms}, on every node. */
  public void socketsLeave(String... rooms) {
    socketsLeave(Arrays.asList(rooms));
  }

  /** Makes the chosen sockets leave {@code rooms}, on every node. */
  public void socketsLeave(Collection<String> rooms) {
    publish(ClusterMessages.socketsLeave(to, rooms));
  }

  /** Disconnects the chosen sockets (their namespace only; the client sees "io server disconnect"). */
  public void disconnectSockets() {
    disconnectSockets(false);
  }

  /**
   * Disconnects the chosen sockets; with {@code close} their whole underlying connection is closed too.
   */
  public void disconnectSockets(boolean close) {
    publish(ClusterMessages.disconnectSockets(to, close));
  }

  /**
   * Sends {@code event} with {@code args} to the Socket.IO servers of the cluster (their
   * {@code io.on(event, …)} handlers), not to clients; rooms and flags do not apply. Acknowledgements are not
   * supported: an emitter hears no answer.
   */
  public void serverSideEmit(String event, Object... args) {
    publish(ClusterMessages.serverSideEmit(event, args, options.objectMapper()));
  }

  private JdbcBroadcastOperator with(BroadcastOptions next) {
    return new JdbcBroadcastOperator(connection, options, counters, nsp, next);
  }

  private void publish(ClusterMessages.Message m) {
    try {
      JdbcPublication.publish(connection, options, nsp, m);
      counters.sent.increment();
    } catch (SQLException e) {
      counters.failed.increment();
      throw new EmitterException("Could not publish " + ClusterMessages.describe(m, nsp) + " on the caller's connection: "
          + e.getMessage(), e);
    }
  }
}
