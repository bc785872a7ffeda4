package io.tidings.emitter;

import io.tidings.bus.BusPublisher;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import java.sql.Connection;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes into a Socket.IO cluster from any JVM backend, through PostgreSQL alone: the Java counterpart of
 * Node's {@code @socket.io/postgres-emitter}, whose messages reach the clients of Node
 * {@code @socket.io/postgres-adapter} 0.5 servers and Tidings Socket.IO servers alike (they carry the top-level
 * {@code nsp} that Node's own emitter forgets, so adapter 0.5 drops everything it sends).
 *
 * <pre>{@code
 * Emitter emitter = Emitter.create(EmitterOptions.builder()
 *     .host("db").port(5432).database("app").user("app").password(secret).build());
 * emitter.emit("hello", "world");                                      // every socket of namespace "/"
 * emitter.to("room1").except("room2").emit("news", Map.of("id", 7), new byte[] {1, 2});
 * emitter.of("/chat").to("lobby").volatile_().emit("typing", user);
 * emitter.in("room1").socketsJoin("room3");
 * emitter.in("room1").disconnectSockets(true);
 * emitter.serverSideEmit("reload", config);                           // the servers' io.on("reload", …)
 * emitter.on(connection).to("room1").emit("saved", row);              // at the commit of connection's transaction
 * emitter.close();
 * }</pre>
 *
 * <p><b>Two ways to send.</b> Through the emitter's own session (the bus's publish-only handle: one
 * connection, no LISTEN, never counted as a node), the terminal methods here and on {@link BroadcastOperator}
 * return a future that completes once PostgreSQL committed the message, in its own transaction that writes
 * nothing else. Or on the caller's JDBC connection, inside the caller's transaction: {@link #on(Connection)}
 * (see {@link JdbcEmitter} for the guarantee: delivered at commit, never on rollback).
 *
 * <p><b>Failures</b> are the caller's to see, never the cluster's: a future fails with an
 * {@link EmitterException} when PostgreSQL refused the message, when the database stayed unreachable for the
 * send timeout (the message is then withdrawn and never sent), when the queue is full, or once the emitter is
 * closed; each is counted ({@link #stats()}), and the bus logs drops (throttled). Nothing is retried beyond the
 * bus's own reconnection, and nothing about a failure is ever broadcast (Node's emitter broadcasts an
 * {@code "error"} event, which fails too, in a loop).
 *
 * <p>{@link #of}, {@link #to}, {@link #in}, {@link #except}, {@link #compress} and {@link #volatile_} return new
 * objects; nothing is shared between two emits. Unlike Node's, {@code of} keeps the options.
 *
 * <p><b>Threading:</b> immutable and thread-safe; the terminal methods never block. Futures complete on the
 * {@linkplain EmitterOptions#callbackExecutor callback executor}. Messages sent from one thread leave in the
 * order they were sent.
 */
public final class Emitter implements AutoCloseable {

  private final BusSession session;
  private final String nsp;

  private Emitter(BusSession session, String nsp) {
    this.session = session;
    this.nsp = nsp;
  }

  /**
   * Opens an emitter session on the database of {@code options} (which must name one), for namespace
   * {@code /}. The session is the emitter's, closed by {@link #close()}. Creates the attachment table if it
   * is missing, as a node does.
   *
   * @throws EmitterException when the database cannot be reached within twice the connect timeout
   */
  public static Emitter create(EmitterOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.database() == null) {
      throw new IllegalArgumentException("EmitterOptions.database is needed to open an emitter session");
    }
    PostgresBusConfig config = PostgresBusConfig.builder()
        .host(options.host()).port(options.port()).database(options.database())
        .user(options.user()).password(options.password())
        .channelPrefix(options.key()).attachmentTable(options.tableName()).payloadThreshold(options.payloadThreshold())
        .outgoingQueueLimit(options.queueLimit()).connectTimeout(options.connectTimeout())
        .build();
    try {
      BusPublisher publisher = PostgresBus.publisher(config).get(3 * options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new Emitter(new BusSession(publisher, true, options), "/");
    } catch (ExecutionException e) {
      throw new EmitterException("Cannot open the emitter session on " + options.describe() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new EmitterException("Cannot open the emitter session on " + options.describe() + ": no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmitterException("Interrupted while opening the emitter session on " + options.describe(), e);
    }
  }

  /**
   * An emitter that sends through {@code publisher}, which stays the caller's (closing the emitter does not
   * close it). The publisher's own channel prefix, attachment table and threshold apply; of {@code options}
   * only the send timeout, mapper and callback executor are used, and the key, table and threshold of
   * {@link #on(Connection) the JDBC path}.
   */
  public static Emitter create(BusPublisher publisher, EmitterOptions options) {
    return new Emitter(new BusSession(Objects.requireNonNull(publisher, "publisher"), false,
        Objects.requireNonNull(options, "options")), "/");
  }

  /** The namespace this emitter publishes to. */
  public String namespace() {
    return nsp;
  }

  /** An emitter for namespace {@code nsp} ({@code "/"} added in front if missing), with the same options and session. */
  public Emitter of(String nsp) {
    return new Emitter(session, ClusterMessages.namespace(nsp));
  }

  /** Reaches the sockets in {@code rooms}. */
  public BroadcastOperator to(String... rooms) {
    return everyone().to(rooms);
  }

  /** Reaches the sockets in {@code rooms}. */
  public BroadcastOperator to(Collection<String> rooms) {
    return everyone().to(rooms);
  }

  /** The same as {@link #to(String...)}. */
  public BroadcastOperator in(String... rooms) {
    return everyone().to(rooms);
  }

  /** The same as {@link #to(Collection)}. */
  public BroadcastOperator in(Collection<String> rooms) {
    return everyone().to(rooms);
  }

  /** Reaches every socket but those in {@code rooms}. */
  public BroadcastOperator except(String... rooms) {
    return everyone().except(rooms);
  }

  /** Reaches every socket but those in {@code rooms}. */
  public BroadcastOperator except(Collection<String> rooms) {
    return everyone().except(rooms);
  }

  /** Sets the {@code compress} flag; see {@link BroadcastOperator#compress}. */
  public BroadcastOperator compress(boolean compress) {
    return everyone().compress(compress);
  }

  /** Sets the {@code volatile} flag; see {@link BroadcastOperator#volatile_}. */
  public BroadcastOperator volatile_() {
    return everyone().volatile_();
  }

  /** Emits to every socket of the namespace; see {@link BroadcastOperator#emit}. */
  public CompletableFuture<Void> emit(String event, Object... args) {
    return everyone().emit(event, args);
  }

  /** Makes every socket of the namespace join {@code rooms}. */
  public CompletableFuture<Void> socketsJoin(String... rooms) {
    return everyone().socketsJoin(rooms);
  }

  /** Makes every socket of the namespace join {@code rooms}. */
  public CompletableFuture<Void> socketsJoin(Collection<String> rooms) {
    return everyone().socketsJoin(rooms);
  }

  /** Makes every socket of the namespace leave {@code rooms}. */
  public CompletableFuture<Void> socketsLeave(String... rooms) {
    return everyone().socketsLeave(rooms);
  }

  /** Makes every socket of the namespace leave {@code rooms}. */
  public CompletableFuture<Void> socketsLeave(Collection<String> rooms) {
    return everyone().socketsLeave(rooms);
  }

  /** Disconnects every socket of the namespace. */
  public CompletableFuture<Void> disconnectSockets() {
    return everyone().disconnectSockets(false);
  }

  /** Disconnects every socket of the namespace; with {@code close}, their underlying connections too. */
  public CompletableFuture<Void> disconnectSockets(boolean close) {
    return everyone().disconnectSockets(close);
  }

  /** Sends an event to the servers of the cluster; see {@link BroadcastOperator#serverSideEmit}. */
  public CompletableFuture<Void> serverSideEmit(String event, Object... args) {
    return everyone().serverSideEmit(event, args);
  }

  /**
   * Emits on the caller's {@code connection} instead of this emitter's session, inside its transaction, to
   * this emitter's namespace with its options; see {@link JdbcEmitter} for the guarantee and its caveats.
   */
  public JdbcBroadcastOperator on(Connection connection) {
    return jdbc().on(connection);
  }

  /** The JDBC side of this emitter (same namespace, options and counters), to keep for later connections. */
  public JdbcEmitter jdbc() {
    return new JdbcEmitter(session.options(), session.counters(), nsp);
  }

  /** What this emitter (and every one derived from it, JDBC included) sent, failed to send, and holds queued. */
  public EmitterStats stats() {
    return session.counters();
  }

  /**
   * Closes the session this emitter shares with every emitter derived from it: what is queued is sent (for a
   * bounded time), later sends fail. A session the caller gave ({@link #create(BusPublisher, EmitterOptions)})
   * stays open. Blocks until done.
   */
  @Override
  public void close() {
    session.close();
  }

  private BroadcastOperator everyone() {
    return new BroadcastOperator(session, nsp, BroadcastOptions.EVERYONE);
  }
}
