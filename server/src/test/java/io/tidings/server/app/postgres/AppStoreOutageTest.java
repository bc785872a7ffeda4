package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database behind the apps table goes away and comes back (a private PostgreSQL, stopped and
 * started by the test): cached apps keep serving, unknown keys get a clear, retryable refusal, nothing
 * crashes, and the node recovers by itself.
 */
@Tag("postgres")
class AppStoreOutageTest {

  static RestartablePostgres pg;
  static TestApps apps;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.dedicated();
    apps = TestApps.in(pg.target(), "apps");
    apps.execute(TestApps.SOKETI_DDL);
    apps.withTrigger();
    apps.add("cached", "cached-key", "cached-secret");
    apps.add("uncached", "uncached-key", "uncached-secret");
    apps.add("recovering", "recovering-key", "recovering-secret");
    server = TestServer.start(apps.env(LiveAppChangesTest.CACHE_FOREVER));
    for (String key : List.of("cached-key", "recovering-key")) {
      try (RawWebSocket ws = RawWebSocket.established(server.wsUrl(key))) {
        assertThat(ws.socketId()).isNotEmpty();
      }
    }
    assertThat(cachedApi().get("/apps/cached/channels").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void databaseBack() {
    pg.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (pg != null) pg.close();
  }

  static SignedApi cachedApi() {
    return new SignedApi(server.httpBase(), "cached-key", "cached-secret");
  }

  @Test
  void aCachedAppKeepsServingConnectionsAndTheApiWhileTheDatabaseIsDown() {
    pg.stop();
    List<RawWebSocket> sockets = new CopyOnWriteArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        RawWebSocket ws = RawWebSocket.established(server.wsUrl("cached-key"));
        sockets.add(ws);
        assertThat(ws.subscribe("outage")).contains("subscription_succeeded");
      }
      var res = cachedApi().post("/apps/cached/events", "{\"name\":\"e\",\"channel\":\"outage\",\"data\":\"still here\"}");
      assertThat(res.statusCode()).isEqualTo(200);
      for (RawWebSocket ws : sockets) {
        assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"outage\",\"data\":\"still here\"}");
      }
    } finally {
      sockets.forEach(RawWebSocket::close);
    }
  }

  @Test
  void anUncachedKeyGetsARetryableErrorWhileTheDatabaseIsDown() {
    pg.stop();
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("uncached-key"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4100,"
          + "\"message\":\"The app store is unreachable. Please reconnect shortly.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4100);
    }
  }

  @Test
  void anUncachedAppIdGets503WhileTheDatabaseIsDown() {
    pg.stop();
    var res = new SignedApi(server.httpBase(), "uncached-key", "uncached-secret").get("/apps/uncached/channels");
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.body()).isEqualTo("{\"error\":\"The app could not be loaded: the app store is unreachable.\",\"code\":503}");
  }

  @Test
  void underLoadTheNodeRidesOutARestartAndRecoversByItself() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread load = new Thread(() -> {
      while (running.get()) {
        try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("cached-key"))) {
          int status = cachedApi().post("/apps/cached/events", "{\"name\":\"e\",\"channel\":\"load\",\"data\":\"x\"}")
              .statusCode();
          if (status != 200) failures.add("publish answered " + status);
          served.incrementAndGet();
        } catch (Throwable t) {
          failures.add(t.toString());
        }
      }
    }, "outage-load");
    try (RawWebSocket live = RawWebSocket.established(server.wsUrl("recovering-key"))) {
      load.start();
      pg.stop();
      int atStop = served.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> served.get() >= atStop + 20);
      try (RawWebSocket refused = RawWebSocket.connect(server.wsUrl("uncached-key"))) {
        assertThat(refused.awaitClose()).isEqualTo(4100);
      }
      pg.start();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("uncached-key"))) {
          return ws.nextJson().path("event").asText().equals("pusher:connection_established");
        }
      });
      // The LISTEN connection is back too: an edit reaches the live socket, which the cache alone would hide.
      apps.set("recovering", "enabled", 0);
      assertThat(live.nextJson().path("data").path("code").asInt()).isEqualTo(4003);
      assertThat(live.awaitClose()).isEqualTo(4003);
    } finally {
      running.set(false);
      load.join(30_000);
    }
    assertThat(failures).isEmpty();
    assertThat(served.get()).isGreaterThan(20);
  }

  @Test
  void startUpFailsWithOneLineNamingTheDatabaseWhenItIsUnreachable() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(apps.env());
    env.put("SOKETI_DB_POSTGRES_PORT", Integer.toString(deadPort));
    env.put("SOKETI_DB_POSTGRES_DATABASE", "appsdb");
    env.put("SOKETI_DB_POSTGRES_PASSWORD", "pw-never-printed");
    env.put("SOKETI_PORT", "0");
    env.put("SOKETI_HOST", "127.0.0.1");
    ServerProcess.Finished run = ServerProcess.run(env, "start");
    assertThat(run.exitCode()).isEqualTo(1);
    String all = run.stdout() + "\n" + run.stderr();
    assertThat(all).doesNotContain("pw-never-printed").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(all.lines().filter(l -> l.contains("cannot start"))).singleElement().asString()
        .contains("127.0.0.1:" + deadPort).contains("database appsdb");
  }
}
