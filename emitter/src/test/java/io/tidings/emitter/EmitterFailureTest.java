package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidings.bus.BusPublishException;
import io.tidings.testing.PgTarget;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failures are the caller's to see and never the cluster's: each failed emit fails its own future (or throws),
 * is counted, and costs at most the one statement it needed; nothing is retried into a storm and nothing about
 * the failure is broadcast (Node's emitter broadcasts an "error" event that fails again, ~20k queries in 2 s).
 */
@Tag("postgres")
class EmitterFailureTest {

  @Test
  void aStatementPostgresRefusesFailsThatEmitsFutureOnlyAndIsCounted() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (Emitter emitter = Emitter.create(TestEmitters.options(db).build());
         NotifyListener wire = new NotifyListener(db, "socket.io#/")) {
      TestPostgres.execute(db, "ALTER TABLE socket_io_attachments RENAME TO moved_away");

      EmitterException e = failure(emitter.emit("binary", (Object) new byte[] {1}));

      assertThat(e).hasMessageContaining("BROADCAST \"binary\" in namespace /").hasMessageContaining("socket_io_attachments");
      assertThat(((BusPublishException) e.getCause()).reason()).isEqualTo(BusPublishException.Reason.REFUSED);
      emitter.emit("next", 1).get(10, TimeUnit.SECONDS);
      wire.await(p -> p.contains("\"next\""));
      assertThat(wire.payloads()).as("nothing but the next emit, no error broadcast").hasSize(1);
      assertThat(emitter.stats().failed()).isEqualTo(1);
      assertThat(emitter.stats().sent()).isEqualTo(1);
    }
  }

  @Test
  void whileTheDatabaseIsDownEmitsFailAtTheSendTimeoutOrAtOnceWhenTheQueueIsFullAndNothingIsSentForThem() throws Exception {
    try (RestartablePostgres server = TestPostgres.dedicated()) {
      PgTarget db = server.target();
      try (Emitter emitter = Emitter.create(TestEmitters.options(db).sendTimeout(Duration.ofMillis(500)).queueLimit(5).build())) {
        server.stop();
        // Until the session has seen its connection go, an emit may be caught in a statement on it: such a
        // message waits for the database (its commit may have been lost with it) instead of timing out. So
        // probe until one is withdrawn: from then on nothing leaves the queue until the database is back.
        int probes = 0;
        boolean withdrawn = false;
        while (!withdrawn && probes < 60) {
          CompletableFuture<Void> probe = emitter.emit("probe", ++probes);
          try {
            probe.get(2, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            withdrawn = reason((EmitterException) e.getCause()) == BusPublishException.Reason.NOT_SENT_IN_TIME;
          } catch (java.util.concurrent.TimeoutException caughtInAStatement) {
            // it waits for the database; probe again
          }
        }
        assertThat(withdrawn).as("an emit was withdrawn at its send timeout").isTrue();
        long failedBefore = emitter.stats().failed();

        List<CompletableFuture<Void>> during = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
          during.add(emitter.emit("during-outage", i));
        }

        assertThat(during.stream().map(f -> reason(failure(f))).toList()).containsExactly(
            BusPublishException.Reason.NOT_SENT_IN_TIME, BusPublishException.Reason.NOT_SENT_IN_TIME,
            BusPublishException.Reason.NOT_SENT_IN_TIME, BusPublishException.Reason.NOT_SENT_IN_TIME,
            BusPublishException.Reason.NOT_SENT_IN_TIME, BusPublishException.Reason.QUEUE_FULL,
            BusPublishException.Reason.QUEUE_FULL, BusPublishException.Reason.QUEUE_FULL);
        assertThat(emitter.stats().failed()).isEqualTo(failedBefore + 8);

        server.start();
        try (NotifyListener wire = new NotifyListener(db, "socket.io#/")) {
          // The session comes back after its reconnection backoff; until then emits still time out.
          int attempts = 0;
          boolean sent = false;
          while (!sent && attempts < 120) {
            attempts++;
            sent = emitter.emit("after-outage", attempts).handle((v, e) -> e == null).get(30, TimeUnit.SECONDS);
          }
          assertThat(sent).as("an emit succeeded once the database was back").isTrue();
          String succeeded = "[\"after-outage\"," + attempts + "]";
          String lastFailed = "[\"after-outage\"," + (attempts - 1) + "]";
          wire.await(p -> p.contains(succeeded));

          assertThat(wire.payloads()).as("none of the withdrawn emits, no error broadcast")
              .noneMatch(p -> p.contains("during-outage") || p.contains("\"error\"") || p.contains(lastFailed));
        }
      }
    }
  }

  @Test
  void onADeadJdbcConnectionEachEmitThrowsAfterItsOneStatement() throws Exception {
    try (RestartablePostgres server = TestPostgres.dedicated()) {
      PgTarget db = server.target();
      JdbcEmitter emitter = JdbcEmitter.create();
      try (Connection real = TestPostgres.connect(db)) {
        emitter.createAttachmentTable(real);
        AtomicInteger statements = new AtomicInteger();
        Connection counted = counting(real, statements);
        server.stop();

        for (int i = 0; i < 5; i++) {
          int n = i;
          assertThatThrownBy(() -> emitter.on(counted).emit("lost", n)).isInstanceOf(EmitterException.class)
              .hasCauseInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> emitter.on(counted).emit("lostBinary", (Object) new byte[] {1}))
            .isInstanceOf(EmitterException.class);

        assertThat(statements.get()).as("one statement per emit, none after a failure").isEqualTo(6);
        assertThat(emitter.stats().failed()).isEqualTo(6);
        assertThat(emitter.stats().sent()).isZero();
      }
    }
  }

  @Test
  void openingASessionOnADatabaseNobodyServesFailsNamingIt() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    EmitterOptions options = EmitterOptions.builder().port(port).database("app").connectTimeout(Duration.ofSeconds(1)).build();

    assertThatThrownBy(() -> Emitter.create(options))
        .isInstanceOf(EmitterException.class)
        .hasMessageContaining("Cannot open the emitter session on postgres@127.0.0.1:" + port + "/app");
  }

  @Test
  void afterCloseEmitsFailAtOnceAndAreCounted() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Emitter emitter = Emitter.create(TestEmitters.options(db).build());
    Emitter chat = emitter.of("/chat");
    emitter.close();

    CompletableFuture<Void> late = chat.to("r").emit("late", 1);

    assertThat(late).isCompletedExceptionally();
    assertThat(((BusPublishException) failure(late).getCause()).reason()).isEqualTo(BusPublishException.Reason.SHUT_DOWN);
    assertThat(emitter.stats().failed()).isEqualTo(1);
  }

  @Test
  void futuresCompleteOnTheCallbackThreadNotOnTheSessionsEventLoop() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (Emitter emitter = Emitter.create(TestEmitters.options(db).build())) {
      AtomicReference<String> thread = new AtomicReference<>();

      emitter.emit("where", 1).thenRun(() -> thread.set(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);

      assertThat(thread.get()).isEqualTo("tidings-emitter-callbacks");
    }
  }

  @Test
  void anInvalidEmitThrowsAtTheCallAndSendsNothing() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (Emitter emitter = Emitter.create(TestEmitters.options(db).build())) {
      assertThatThrownBy(() -> emitter.to("r").emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> emitter.serverSideEmit("ping", (Runnable) () -> {}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Acknowledgements are not supported");

      assertThat(emitter.stats().sent() + emitter.stats().failed() + emitter.stats().queued()).isZero();
    }
  }

  private static EmitterException failure(CompletableFuture<Void> f) {
    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    assertThat(e).as("the emit failed").isNotNull();
    assertThat(e.getCause()).isInstanceOf(EmitterException.class).hasCauseInstanceOf(BusPublishException.class);
    return (EmitterException) e.getCause();
  }

  private static BusPublishException.Reason reason(EmitterException e) {
    return ((BusPublishException) e.getCause()).reason();
  }

  /** {@code real}, counting the statements prepared or created on it. */
  private static Connection counting(Connection real, AtomicInteger statements) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")) {
        statements.incrementAndGet();
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }
}
