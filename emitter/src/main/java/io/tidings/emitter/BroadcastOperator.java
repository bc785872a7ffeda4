package io.tidings.emitter;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The sockets an emit through an {@link Emitter}'s session reaches, and how: rooms to reach (none: every socket
 * of the namespace), rooms to leave out, and the {@code volatile} / {@code compress} flags, as socket.io's
 * {@code BroadcastOperator}. Each of {@link #to}, {@link #in}, {@link #except}, {@link #compress} and
 * {@link #volatile_} returns a new operator; nothing is shared between two emits.
 *
 * <p>The terminal methods ({@link #emit}, {@link #socketsJoin}, {@link #socketsLeave},
 * {@link #disconnectSockets}, {@link #serverSideEmit}) queue one cluster message and return at once. Their
 * future completes once PostgreSQL committed it, or fails with an {@link EmitterException} (see
 * {@link Emitter}). A reserved name, a callback among the arguments (acknowledgements are not supported) or a
 * value Jackson cannot write throws {@link IllegalArgumentException} at the call, and nothing is sent.
 *
 * <p><b>Threading:</b> immutable and thread-safe; nothing here blocks.
 */
public final class BroadcastOperator {

  private final BusSession session;
  private final String nsp;
  private final BroadcastOptions to;

  BroadcastOperator(BusSession session, String nsp, BroadcastOptions to) {
    this.session = session;
    this.nsp = nsp;
    this.to = to;
  }

  /** Also reaches the sockets in {@code rooms}. */
  public BroadcastOperator to(String... rooms) {
    return to(Arrays.asList(rooms));
  }

  /** Also reaches the sockets in {@code rooms}. */
  public BroadcastOperator to(Collection<String> rooms) {
    return with(to.withRooms(rooms));
  }

  /** The same as {@link #to(String...)}. */
  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** The same as {@link #to(Collection)}. */
  public BroadcastOperator in(Collection<String> rooms) {
    return to(rooms);
  }

  /** Leaves out the sockets in {@code rooms}. */
  public BroadcastOperator except(String... rooms) {
    return except(Arrays.asList(rooms));
  }

  /** Leaves out the sockets in {@code rooms}. */
  public BroadcastOperator except(Collection<String> rooms) {
    return with(to.withExcept(rooms));
  }

  /** Sets the {@code compress} flag (permessage-deflate for this message, where the client negotiated it). */
  public BroadcastOperator compress(boolean compress) {
    return with(to.withFlag("compress", compress));
  }

  /**
   * Sets the {@code volatile} flag: a socket that cannot take the message right now (its transport is busy)
   * does not get it. ({@code volatile} is a Java keyword, hence the underscore.)
   */
  public BroadcastOperator volatile_() {
    return with(to.withFlag("volatile", true));
  }

  /**
   * Emits {@code event} with {@code args} to the chosen sockets. Arguments are written as JSON by the
   * emitter's {@code ObjectMapper} (maps, lists, records, POJOs, {@code JsonNode}s); {@code byte[]} and
   * {@code ByteBuffer}, at any depth, are sent as binary, which clients receive as a {@code Buffer} /
   * {@code ArrayBuffer}.
   *
   * @throws IllegalArgumentException for a reserved event name ({@code connect}, {@code connect_error},
   *                                  {@code disconnect}, {@code disconnecting}, {@code newListener},
   *                                  {@code removeListener}), a callback among the arguments, or a value that
   *                                  cannot be written as JSON
   */
  public CompletableFuture<Void> emit(String event, Object... args) {
    return session.send(nsp, ClusterMessages.broadcast(nsp, to, event, args, session.options().objectMapper()));
  }

  /** Makes the chosen sockets join {@code rooms}, on every node. */
  public CompletableFuture<Void> socketsJoin(String... rooms) {
    return socketsJoin(Arrays.asList(rooms));
  }

  /** Makes the chosen sockets join {@code rooms}, on every node. */
  public CompletableFuture<Void> socketsJoin(Collection<String> rooms) {
    return session.send(nsp, ClusterMessages.socketsJoin(to, rooms));
  }

  /** Makes the chosen sockets leave {@code rooms}, on every node. */
  public CompletableFuture<Void> socketsLeave(String... rooms) {
    return socketsLeave(Arrays.asList(rooms));
  }

  /** Makes the chosen sockets leave {@code rooms}, on every node. */
  public CompletableFuture<Void> socketsLeave(Collection<String> rooms) {
    return session.send(nsp, ClusterMessages.socketsLeave(to, rooms));
  }

  /** Disconnects the chosen sockets from the namespace (the client sees "io server disconnect"). */
  public CompletableFuture<Void> disconnectSockets() {
    return disconnectSockets(false);
  }

  /** Disconnects the chosen sockets; with {@code close} their whole underlying connection is closed too. */
  public CompletableFuture<Void> disconnectSockets(boolean close) {
    return session.send(nsp, ClusterMessages.disconnectSockets(to, close));
  }

  /**
   * Sends {@code event} with {@code args} to the Socket.IO servers of the cluster (their
   * {@code io.on(event, …)} handlers), not to clients; rooms and flags do not apply. Acknowledgements are not
   * supported, as in Node: an emitter hears no answer.
   *
   * @throws IllegalArgumentException for a name a namespace reserves ({@code connect}, {@code connection},
   *                                  {@code new_namespace}), a callback among the arguments, or a value that
   *                                  cannot be written as JSON
   */
  public CompletableFuture<Void> serverSideEmit(String event, Object... args) {
    return session.send(nsp, ClusterMessages.serverSideEmit(event, args, session.options().objectMapper()));
  }

  private BroadcastOperator with(BroadcastOptions next) {
    return new BroadcastOperator(session, nsp, next);
  }
}
