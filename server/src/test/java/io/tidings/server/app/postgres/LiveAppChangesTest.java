package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.app.App;
import io.tidings.server.auth.Signatures;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edits of the apps table reach a running node through the change trigger while it caches apps
 * forever (TTL -1) and remembers unknown keys for five minutes: without the notification, none of these
 * changes would be seen.
 */
@Tag("postgres")
class LiveAppChangesTest {

  static final Map<String, String> CACHE_FOREVER = Map.of(
      "SOKETI_APP_MANAGER_CACHE_ENABLED", "true",
      "SOKETI_APP_MANAGER_CACHE_TTL", "-1",
      "SOKETI_APP_MANAGER_NEGATIVE_CACHE_TTL", "300");
  static final AtomicInteger SEQ = new AtomicInteger();
  static TestApps apps;
  /** Reads its apps from a table made for it, with the change trigger. */
  @RegisterExtension
  static final TestServer server = TestServer.withEnvFrom(() -> {
    apps = TestApps.soketiTable().withTrigger();
    return apps.env(CACHE_FOREVER);
  });

  static String newApp(Map<String, Object> columns) {
    String id = "live" + SEQ.incrementAndGet();
    apps.add(id, "key-" + id, "secret-" + id, columns);
    return id;
  }

  static App lookUp(String id) throws Exception {
    return server.server().context().apps().findById(id).get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUpdateReachesTheCachedAppAtOnce() throws Exception {
    String id = newApp(Map.of());
    assertThat(lookUp(id).maxConnections()).isEqualTo(-1);
    apps.set(id, "max_connections", 7);
    await().atMost(Duration.ofSeconds(10)).until(() -> lookUp(id).maxConnections() == 7);
  }

  @Test
  void anAppInsertedAfterItsKeyWasRefusedConnectsRightAway() {
    String id = "live" + SEQ.incrementAndGet();
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("key-" + id))) {
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
    apps.add(id, "key-" + id, "s");
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("key-" + id))) {
        return ws.nextJson().path("event").asText().equals("pusher:connection_established");
      }
    });
  }

  @Test
  void disablingAnAppClosesItsLiveSocketsWith4003() {
    String id = newApp(Map.of());
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl("key-" + id));
         RawWebSocket b = RawWebSocket.established(server.wsUrl("key-" + id))) {
      apps.set(id, "enabled", 0);
      for (RawWebSocket ws : List.of(a, b)) {
        assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4003,\"message\":\"The app is not enabled.\"}}");
        assertThat(ws.awaitClose()).isEqualTo(4003);
      }
    }
    try (RawWebSocket again = RawWebSocket.connect(server.wsUrl("key-" + id))) {
      assertThat(again.awaitClose()).isEqualTo(4003);
    }
  }

  @Test
  void deletingAnAppClosesItsLiveSocketsWith4001() {
    String id = newApp(Map.of());
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("key-" + id))) {
      apps.delete(id);
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key key-" + id
          + " does not exist.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void aKeyChangeClosesTheOldKeysSocketsAndTheNewKeyConnects() {
    String id = newApp(Map.of());
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("key-" + id))) {
      apps.set(id, "key", "rotated-" + id);
      assertThat(ws.nextJson().path("data").path("message").asText()).isEqualTo("App key key-" + id + " does not exist.");
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
    try (RawWebSocket old = RawWebSocket.connect(server.wsUrl("key-" + id))) {
      assertThat(old.awaitClose()).isEqualTo(4001);
    }
    try (RawWebSocket rotated = RawWebSocket.connect(server.wsUrl("rotated-" + id))) {
      assertThat(rotated.nextJson().path("event").asText()).isEqualTo("pusher:connection_established");
    }
  }

  @Test
  void aChangedSettingAppliesToALiveConnection() {
    String id = newApp(Map.of("enable_client_messages", 0));
    try (RawWebSocket sender = RawWebSocket.established(server.wsUrl("key-" + id));
         RawWebSocket receiver = RawWebSocket.established(server.wsUrl("key-" + id))) {
      subscribePrivate(sender, id, "private-live");
      subscribePrivate(receiver, id, "private-live");
      sender.send("{\"event\":\"client-x\",\"channel\":\"private-live\",\"data\":{}}");
      assertThat(sender.nextJson().path("data").path("code").asInt()).isEqualTo(4301);
      apps.set(id, "enable_client_messages", 1);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> server.server().context().localApps().get(id).app().enableClientMessages());
      sender.send("{\"event\":\"client-x\",\"channel\":\"private-live\",\"data\":{}}");
      assertThat(receiver.nextJson().path("event").asText()).isEqualTo("client-x");
      assertThat(sender.isOpen()).isTrue();
    }
  }

  @Test
  void aChangeMissedWhileTheListenConnectionWasDownIsAppliedWhenItIsBack() {
    String id = newApp(Map.of());
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("key-" + id))) {
      apps.execute(AppsSchema.removeTrigger("apps").toArray(String[]::new));
      try {
        apps.set(id, "enabled", 0); // no notification is sent
        assertThat(ws.poll(200)).isNull();
        assertThat(TestPostgres.terminateBackends(apps.db(), "LISTEN")).isEqualTo(1);
        assertThat(ws.nextJson().path("data").path("code").asInt()).isEqualTo(4003);
        assertThat(ws.awaitClose()).isEqualTo(4003);
      } finally {
        apps.withTrigger();
      }
    }
  }

  @Test
  void aTruncateClosesTheSocketsOfEveryApp() {
    TestApps other = TestApps.soketiTable().withTrigger();
    other.add("t1", "tk1", "s");
    other.add("t2", "tk2", "s");
    try (TestServer node = TestServer.start(other.env(CACHE_FOREVER));
         RawWebSocket a = RawWebSocket.established(node.wsUrl("tk1"));
         RawWebSocket b = RawWebSocket.established(node.wsUrl("tk2"))) {
      other.execute("TRUNCATE apps");
      assertThat(a.awaitClose()).isEqualTo(4001);
      assertThat(b.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void aSchemaQualifiedTableIsWatchedToo() {
    TestApps tenant = TestApps.in(TestPostgres.newDatabase(), "Tenant.Apps");
    tenant.execute("CREATE SCHEMA \"Tenant\"", AppsSchema.createTable("Tenant.Apps"));
    tenant.withTrigger();
    tenant.add("q1", "qk1", "s");
    try (TestServer node = TestServer.start(tenant.env(CACHE_FOREVER));
         RawWebSocket ws = RawWebSocket.established(node.wsUrl("qk1"))) {
      tenant.set("q1", "enabled", 0);
      assertThat(ws.awaitClose()).isEqualTo(4003);
    }
  }

  static void subscribePrivate(RawWebSocket ws, String id, String channel) {
    String auth = "key-" + id + ":" + Signatures.hmacSha256Hex("secret-" + id, ws.socketId() + ":" + channel);
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth + "\"}}");
    JsonNode reply = ws.nextJson();
    assertThat(reply.path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
  }
}
