package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import io.tidings.testing.FreezingProxy;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every connection of the PostgreSQL app manager goes silent without closing (the proxy between the node
 * and PostgreSQL stops forwarding them both ways, for good, as after a vanished NAT entry) while new
 * connections are refused for a while. Cached apps keep serving; an uncached lookup fails cleanly (4100,
 * 503) instead of hanging on a connection that will never answer; and once new connections work again the
 * manager recovers by itself, without the old ones ever coming back: the pool opens fresh connections (a
 * new app is found) and the change feed LISTENs again on a new connection (a row change reaches a live
 * socket, which the cache alone would hide).
 */
@Tag("postgres")
class AppStoreFreezeTest {

  private static final String FEED_NAME = "tidings-app-changes %";

  @Test
  void frozenAppStoreConnectionsAreGivenUpAndTheNodeRecoversByItself() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    TestApps apps = TestApps.in(db, "apps");
    apps.execute(TestApps.SOKETI_DDL);
    apps.withTrigger();
    apps.add("cached", "cached-key", "cached-secret");
    apps.add("live", "live-key", "live-secret");
    apps.add("uncached", "uncached-key", "uncached-secret");
    apps.add("uncached-api", "uncached-api-key", "uncached-api-secret");
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      Map<String, String> env = new HashMap<>(apps.env(LiveAppChangesTest.CACHE_FOREVER));
      env.put("SOKETI_DB_POSTGRES_HOST", proxy.target(db).host());
      env.put("SOKETI_DB_POSTGRES_PORT", Integer.toString(proxy.port()));
      SignedApi cachedApi;
      try (TestServer server = TestServer.start(env);
           RawWebSocket live = RawWebSocket.established(server.wsUrl("live-key"))) {
        cachedApi = new SignedApi(server.httpBase(), "cached-key", "cached-secret");
        try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("cached-key"))) {
          assertThat(ws.socketId()).isNotEmpty();
        }
        assertThat(cachedApi.get("/apps/cached/channels").statusCode()).isEqualTo(200);
        List<Integer> feedPorts = TestPostgres.clientPorts(db, FEED_NAME, "LISTEN");
        assertThat(feedPorts).as("the change feed's session").hasSize(1);
        FreezingProxy.Link feed = proxy.linkFromUpstreamPort(feedPorts.get(0)).orElseThrow();

        // Every app-store connection goes silent for good; for a while, new ones are refused.
        List<FreezingProxy.Link> frozen = proxy.liveLinks();
        proxy.refuseNewLinks(true);
        long frozenAt = System.nanoTime();
        frozen.forEach(FreezingProxy.Link::freeze);

        int cachedSockets = 0;
        for (int i = 0; i < 5; i++) {
          try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("cached-key"))) {
            assertThat(ws.subscribe("during-freeze")).as("a cached app accepts new sockets").contains("succeeded");
            cachedSockets++;
          }
        }
        assertThat(cachedApi.post("/apps/cached/events", "{\"name\":\"e\",\"channel\":\"x\",\"data\":\"{}\"}").statusCode())
            .isEqualTo(200);

        long lookupAt = System.nanoTime();
        try (RawWebSocket refused = RawWebSocket.connect(server.wsUrl("uncached-key"))) {
          assertThat(refused.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4100,"
              + "\"message\":\"The app store is unreachable. Please reconnect shortly.\"}}");
          assertThat(refused.awaitClose()).isEqualTo(4100);
        }
        long uncachedRefusedMs = Reliability.millisSince(lookupAt);
        lookupAt = System.nanoTime();
        var unavailable = new SignedApi(server.httpBase(), "uncached-api-key", "uncached-api-secret")
            .get("/apps/uncached-api/channels");
        long uncachedApiMs = Reliability.millisSince(lookupAt);
        assertThat(unavailable.statusCode()).isEqualTo(503);

        // New connections work again; the frozen ones never will.
        proxy.refuseNewLinks(false);
        long healedAt = System.nanoTime();
        apps.add("newcomer", "newcomer-key", "newcomer-secret");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
          try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("newcomer-key"))) {
            return ws.nextJson().path("event").asText().equals("pusher:connection_established");
          }
        });
        long newAppFoundMs = Reliability.millisSince(healedAt);
        Set<FreezingProxy.Link> old = Set.copyOf(frozen);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
            TestPostgres.clientPorts(db, FEED_NAME, "LISTEN").stream()
                .map(p -> proxy.linkFromUpstreamPort(p).orElse(null))
                .anyMatch(l -> l != null && !old.contains(l)));
        long feedBackMs = Reliability.millisSince(frozenAt);
        Thread.sleep(500); // the re-read of known apps that follows a new LISTEN is done
        long changedAt = System.nanoTime();
        apps.set("live", "enabled", 0);
        assertThat(live.nextJson().path("data").path("code").asInt()).as("the change came through the feed").isEqualTo(4003);
        assertThat(live.awaitClose()).isEqualTo(4003);
        long changeSeenMs = Reliability.millisSince(changedAt);
        // The feed terminated its abandoned backend; it does not linger as a listener.
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestPostgres.backendOnClientPort(db, feed.upstreamLocalPort()));

        // Whatever the old connections still held comes out now; it must change nothing.
        frozen.forEach(FreezingProxy.Link::unfreeze);
        try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("cached-key"))) {
          assertThat(ws.subscribe("after-freeze")).contains("succeeded");
        }
        assertThat(new SignedApi(server.httpBase(), "uncached-api-key", "uncached-api-secret")
            .get("/apps/uncached-api/channels").statusCode()).as("uncached lookups work again").isEqualTo(200);

        Reliability.of("app-store-frozen")
            .put("frozenConnections", frozen.size())
            .put("cachedSocketsDuringFreeze", cachedSockets)
            .put("uncachedKeyRefused4100AfterMs", uncachedRefusedMs)
            .put("uncachedIdRefused503AfterMs", uncachedApiMs)
            .put("newAppFoundAfterHealMs", newAppFoundMs)
            .put("feedListeningAgainAfterFreezeMs", feedBackMs)
            .put("rowChangeSeenAfterMs", changeSeenMs)
            .put("newConnections", proxy.links().stream().filter(l -> !old.contains(l) && !l.isCut()).count())
            .print();
      }
    }
  }
}
