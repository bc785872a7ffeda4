package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.FreezingProxy;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO traffic across a frozen PostgreSQL session (the {@code bus} freeze faults, through
 * {@link FreezingProxy}: a connection that goes silent without closing): node A broadcasts a numbered event every
 * 10 ms to a client of node B while B's LISTEN session, or A's publisher session, is frozen for good. The node
 * replaces the session within the heartbeat timeout, and the client gets every event exactly once, in order;
 * neither node declares the other gone.
 */
@Tag("postgres")
class FreezeTest {

  private static final long EMIT_EVERY_MILLIS = 10;

  private static PostgresBusConfig config(PgTarget target) {
    return TwoTidingsNodesTest.busConfig(target)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT).build();
  }

  @Test
  void aFrozenListenSessionLosesNoBroadcast() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      freezeUnderTraffic(db, proxy, false, "LISTEN");
    }
  }

  @Test
  void aFrozenPublisherSessionLosesNoBroadcast() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      freezeUnderTraffic(db, proxy, true, "SELECT pg_notify");
    }
  }

  /** Freezes the session of A (when {@code freezeA}) or B whose last query starts with {@code queryPrefix}. */
  private static void freezeUnderTraffic(PgTarget db, FreezingProxy proxy, boolean freezeA, String queryPrefix) throws Exception {
    PostgresBusConfig direct = config(db);
    PostgresBusConfig proxied = config(proxy.target(db));
    try (PostgresBus busA = PostgresBus.start(freezeA ? proxied : direct).get(30, TimeUnit.SECONDS);
         PostgresBus busB = PostgresBus.start(freezeA ? direct : proxied).get(30, TimeUnit.SECONDS);
         InteropApp a = InteropApp.start("A", PostgresAdapterFactory.on(busA, direct.requestsTimeout()), false, 0, "127.0.0.1");
         InteropApp b = InteropApp.start("B", PostgresAdapterFactory.on(busB, direct.requestsTimeout()), false, 0, "127.0.0.1");
         ClusterClient client = ClusterClient.connect("onB", b.port(), "/", "r", "websocket")) {
      await().atMost(Duration.ofSeconds(15)).until(() -> a.io().of("/").adapter().serverCount().get() == 2
          && b.io().of("/").adapter().serverCount().get() == 2);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger sent = new AtomicInteger();
      Thread emitter = Thread.ofPlatform().daemon().name("freeze-test-emitter").start(() -> {
        while (running.get() && sent.get() < 100_000) {
          a.io().of("/").to("r").emit("shouted", sent.getAndIncrement());
          try {
            Thread.sleep(EMIT_EVERY_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> numbers(client).size() > 50);
        PostgresBus frozen = freezeA ? busA : busB;
        List<Integer> ports = TestPostgres.clientPorts(db, "tidings-bus " + frozen.uid(), queryPrefix);
        assertThat(ports).as("the session to freeze").hasSize(1);
        FreezingProxy.Link link = proxy.linkFromUpstreamPort(ports.get(0)).orElseThrow();
        link.freeze();
        int receivedAtFreeze = numbers(client).size();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
            .until(() -> numbers(client).size() > receivedAtFreeze + 5);
        Thread.sleep(1_000);
        running.set(false);
        emitter.join();
        link.unfreeze();

        await().atMost(Duration.ofSeconds(20)).until(() -> numbers(client).size() >= sent.get());
        Thread.sleep(500);
        List<Integer> seen = numbers(client);
        System.out.printf("RELIABILITY socketio-%s-frozen: sent=%d received=%d missedB=%d replayedB=%d unrecoveredB=%d%n",
            freezeA ? "publisher" : "listen", sent.get(), seen.size(), busB.stats().missedMessages(),
            busB.stats().replayedMessages(), busB.stats().unrecoveredMessages());
        assertThat(seen).as("every broadcast exactly once, in order").hasSize(sent.get()).isSorted().doesNotHaveDuplicates();
        assertThat(a.io().of("/").adapter().serverCount().get()).as("nobody declared gone").isEqualTo(2);
        assertThat(b.io().of("/").adapter().serverCount().get()).isEqualTo(2);
      } finally {
        running.set(false);
        emitter.join();
      }
    }
  }

  private static List<Integer> numbers(ClusterClient c) {
    return c.heard("shouted ").stream().map(l -> Integer.parseInt(l.substring("shouted [".length(), l.length() - 1))).toList();
  }
}
