package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.bus.postgres.WatchedConnection.Check;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The silence rules of {@link WatchedConnection} on a real connection, with the clock in the test's hands:
 * a probe period of 100 ms and a silence timeout of 1 s. A statement left unanswered is a real one
 * ({@code pg_sleep}); a flood is notifications reported as heard; a GC pause is the clock jumping between
 * two checks.
 */
@Tag("postgres")
class WatchedConnectionTest {

  private static final Liveness LIVENESS = new Liveness(100, 1_000);
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static PgTarget db;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private Vertx vertx;
  private Context context;
  private WatchedConnection watched;

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  @BeforeEach
  void connect() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    PgConnectOptions options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.database())
        .setUser(db.user()).setPassword(db.password());
    PgConnection c = onLoop(() -> PgConnection.connect(vertx, options));
    watched = onLoopNow(() -> new WatchedConnection(c, LIVENESS, clock::get));
  }

  @AfterEach
  void close() throws Exception {
    onLoopNow(() -> {
      watched.abandon();
      return null;
    });
    TestPostgres.terminateBackends(db, "SELECT pg_sleep");
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aQuietConnectionIsProbedAndAnAnsweredProbeKeepsItAlive() throws Exception {
    assertThat(check()).isEqualTo(Check.ALIVE);
    tick();
    assertThat(check()).as("quiet for a period, nothing in flight").isEqualTo(Check.PROBE);
    onLoop(() -> watched.run(c -> c.query("SELECT 1").execute()));
    assertThat(check()).as("just answered").isEqualTo(Check.ALIVE);
  }

  @Test
  void aStatementUnansweredForTheSilenceTimeoutMakesTheConnectionSilent() throws Exception {
    sleepOnTheServer();
    for (int i = 1; i < 10; i++) {
      tick();
      assertThat(check()).as("after " + i * 100 + " ms").isEqualTo(Check.ALIVE);
    }
    tick();
    assertThat(check()).as("after 1000 ms").isEqualTo(Check.SILENT);
  }

  @Test
  void notificationsKeepAConnectionAliveWhileItsProbeWaitsBehindThem() throws Exception {
    sleepOnTheServer();
    for (int i = 0; i < 50; i++) {
      tick();
      onLoopNow(() -> {
        watched.heard();
        return null;
      });
      assertThat(check()).isEqualTo(Check.ALIVE);
    }
  }

  @Test
  void aCheckThatRunsLateAfterAPauseJudgesNothingTheNextOneDoes() throws Exception {
    sleepOnTheServer();
    assertThat(check()).isEqualTo(Check.ALIVE);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(5)); // a 5 s GC pause: the answer may be waiting, unread
    assertThat(check()).as("the late check").isEqualTo(Check.ALIVE);
    tick();
    assertThat(check()).as("on time again, still nothing").isEqualTo(Check.SILENT);
  }

  @Test
  void abandoningFailsWhatWaitsAtOnceAndClosesTheSocketWithoutWaitingForTheServer() throws Exception {
    CompletableFuture<Object> sleeping = sleepOnTheServer();
    long start = System.nanoTime();
    onLoopNow(() -> {
      watched.abandon();
      return null;
    });
    assertThatThrownBy(() -> sleeping.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(ClosedConnectionException.class);
    // The socket is gone: the connection itself refuses the next statement.
    assertThatThrownBy(() -> onLoop(() -> watched.connection().query("SELECT 1").execute()))
        .rootCause().hasMessageContaining("current status: CLOSED");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("nothing waited for the server").isLessThan(5);
    assertThatThrownBy(() -> onLoop(() -> watched.run(c -> c.query("SELECT 1").execute())))
        .hasCauseInstanceOf(ClosedConnectionException.class);
  }

  /** Leaves a statement in flight for 30 s; returns its (pending) result. */
  private CompletableFuture<Object> sleepOnTheServer() throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    onLoopNow(() -> {
      watched.run(c -> c.query("SELECT pg_sleep(30)").execute()).onComplete(ar -> {
        if (ar.succeeded()) result.complete(ar.result()); else result.completeExceptionally(ar.cause());
      });
      return null;
    });
    return result;
  }

  private void tick() {
    clock.addAndGet(PERIOD_NANOS);
  }

  private Check check() throws Exception {
    return onLoopNow(watched::check);
  }

  /** Runs {@code action} on the event loop and waits for the future it returns. */
  private <T> T onLoop(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result()); else done.completeExceptionally(ar.cause());
    }));
    return done.get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on the event loop and returns what it returned. */
  private <T> T onLoopNow(Supplier<T> action) throws ExecutionException, InterruptedException,
      java.util.concurrent.TimeoutException {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(action.get());
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
