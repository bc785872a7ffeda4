package io.tidings.emitter;

import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The emitter two ways for tests that hold for both: {@link Way#SESSION} (an {@link Emitter}'s own session,
 * waiting for each future) and {@link Way#JDBC} (an autocommit JDBC connection). {@link Ops} is the API both
 * share, so one test body runs through each. Used by one test thread.
 */
final class TestEmitters {

  enum Way { SESSION, JDBC }

  private TestEmitters() {}

  static EmitterOptions.Builder options(PgTarget db) {
    return EmitterOptions.builder().host(db.host()).port(db.port()).database(db.database()).user(db.user())
        .password(db.password());
  }

  /** The operations of both paths, each terminal one finished (committed) when it returns. */
  interface Ops {
    Ops to(String... rooms);
    Ops except(String... rooms);
    Ops compress(boolean compress);
    Ops volatile_();
    void emit(String event, Object... args);
    void socketsJoin(String... rooms);
    void socketsLeave(String... rooms);
    void disconnectSockets(boolean close);
    void serverSideEmit(String event, Object... args);
  }

  /** Opens the emitter of {@code way} on {@code db}; close it after the test. */
  static Emitters open(Way way, PgTarget db, EmitterOptions options) throws SQLException {
    return way == Way.SESSION ? new Emitters(Emitter.create(options), null) : new Emitters(null, TestPostgres.connect(db), options);
  }

  /** What {@link #open} opened: a session emitter, or a JDBC emitter and its connection. */
  static final class Emitters implements AutoCloseable {
    final Emitter session;
    final Connection connection;
    final JdbcEmitter jdbc;

    Emitters(Emitter session, Connection connection) {
      this(session, connection, null);
    }

    Emitters(Emitter session, Connection connection, EmitterOptions options) {
      this.session = session;
      this.connection = connection;
      this.jdbc = options == null ? null : JdbcEmitter.create(options);
      if (jdbc != null) jdbc.createAttachmentTable(connection);
    }

    /** Every socket of {@code nsp}. */
    Ops of(String nsp) {
      return session != null ? new SessionOps(session.of(nsp).to()) : new JdbcOps(jdbc.of(nsp).on(connection));
    }

    EmitterStats stats() {
      return session != null ? session.stats() : jdbc.stats();
    }

    @Override
    public void close() throws SQLException {
      if (session != null) session.close();
      if (connection != null) connection.close();
    }
  }

  private record SessionOps(BroadcastOperator op) implements Ops {
    @Override public Ops to(String... rooms) { return new SessionOps(op.to(rooms)); }
    @Override public Ops except(String... rooms) { return new SessionOps(op.except(rooms)); }
    @Override public Ops compress(boolean compress) { return new SessionOps(op.compress(compress)); }
    @Override public Ops volatile_() { return new SessionOps(op.volatile_()); }
    @Override public void emit(String event, Object... args) { join(op.emit(event, args)); }
    @Override public void socketsJoin(String... rooms) { join(op.socketsJoin(rooms)); }
    @Override public void socketsLeave(String... rooms) { join(op.socketsLeave(rooms)); }
    @Override public void disconnectSockets(boolean close) { join(op.disconnectSockets(close)); }
    @Override public void serverSideEmit(String event, Object... args) { join(op.serverSideEmit(event, args)); }

    private static void join(java.util.concurrent.CompletableFuture<Void> f) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the emit failed", e);
      }
    }
  }

  private record JdbcOps(JdbcBroadcastOperator op) implements Ops {
    @Override public Ops to(String... rooms) { return new JdbcOps(op.to(rooms)); }
    @Override public Ops except(String... rooms) { return new JdbcOps(op.except(rooms)); }
    @Override public Ops compress(boolean compress) { return new JdbcOps(op.compress(compress)); }
    @Override public Ops volatile_() { return new JdbcOps(op.volatile_()); }
    @Override public void emit(String event, Object... args) { op.emit(event, args); }
    @Override public void socketsJoin(String... rooms) { op.socketsJoin(rooms); }
    @Override public void socketsLeave(String... rooms) { op.socketsLeave(rooms); }
    @Override public void disconnectSockets(boolean close) { op.disconnectSockets(close); }
    @Override public void serverSideEmit(String event, Object... args) { op.serverSideEmit(event, args); }
  }
}
