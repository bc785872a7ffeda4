package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.auth.Signatures;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A node that dies or loses its LISTEN connection does not take the cluster's view or delivery with it. */
@Tag("postgres")
class NodeFailureTest {

  static Map<String, String> clusterEnv(PgTarget db) {
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_INTERVAL", "500");
    env.put("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_TIMEOUT", "2000");
    return env;
  }

  static void joinPresence(RawWebSocket ws, String channel, String userId) {
    String data = "{\"user_id\":\"" + userId + "\"}";
    String sig = Signatures.hmacSha256Hex("app-secret", ws.socketId() + ":" + channel + ":" + data);
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"app-key:" + sig
        + "\",\"channel_data\":" + quote(data) + "}}");
    assertThat(ws.nextEvent("pusher_internal:subscription_succeeded")).isNotNull();
  }

  static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  @Test
  void aKilledNodesMembersAndChannelsDisappearFromTheOthers() {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = clusterEnv(db);
    try (ServerProcess a = ServerProcess.start(env);
         ServerProcess b = ServerProcess.start(env);
         ServerProcess doomed = ServerProcess.start(env);
         RawWebSocket watcher = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket ghost = RawWebSocket.established(doomed.wsUrl("app-key"))) {
      joinPresence(watcher, "presence-haunted", "watcher");
      joinPresence(ghost, "presence-haunted", "ghost");
      ghost.subscribe("only-on-doomed");
      assertThat(watcher.nextEvent("pusher_internal:member_added").toString()).contains("ghost");
      SignedApi viaB = new SignedApi(b.httpBase(), "app-key", "app-secret");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(viaB.get("/apps/app-id/channels").body()).contains("only-on-doomed"));

      long killedAt = System.nanoTime();
      doomed.kill();

      assertThat(watcher.nextEvent("pusher_internal:member_removed").path("data").asText())
          .isEqualTo("{\"user_id\":\"ghost\"}");
      long memberRemovedMs = Reliability.millisSince(killedAt);
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
        assertThat(viaB.get("/apps/app-id/channels").body()).doesNotContain("only-on-doomed");
        assertThat(viaB.get("/apps/app-id/channels/presence-haunted").body())
            .isEqualTo("{\"subscription_count\":1,\"occupied\":true,\"user_count\":1}");
      });
      long channelsGoneMs = Reliability.millisSince(killedAt);
      String more = watcher.poll(1000);
      Reliability.of("node-death-view").put("nodes", 3).put("heartbeatTimeoutMs", 2000)
          .put("memberRemovedAtWatcherMs", memberRemovedMs).put("channelsGoneViaOtherNodeMs", channelsGoneMs)
          .put("memberRemovedFrames", more == null ? 1 : 2).print();
      assertThat(more).as("member_removed arrives once").isNull();
    }
  }

  @Test
  void aNodeWhoseListenBackendIsTerminatedRecoversAndKeepsServing() {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = clusterEnv(db);
    try (ServerProcess a = ServerProcess.start(env);
         ServerProcess b = ServerProcess.start(env);
         RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"));
         RawWebSocket localOnA = RawWebSocket.established(a.wsUrl("app-key"))) {
      onB.subscribe("ticker");
      localOnA.subscribe("ticker");
      SignedApi viaA = new SignedApi(a.httpBase(), "app-key", "app-secret");
      viaA.post("/apps/app-id/events", "{\"name\":\"t\",\"channel\":\"ticker\",\"data\":\"before\"}");
      assertThat(onB.nextJson().path("data").asText()).isEqualTo("before");
      assertThat(localOnA.nextJson().path("data").asText()).isEqualTo("before");

      assertThat(TestPostgres.terminateBackends(db, "LISTEN")).isGreaterThanOrEqualTo(2);
      // Local delivery never stops, even while the bus reconnects.
      viaA.post("/apps/app-id/events", "{\"name\":\"t\",\"channel\":\"ticker\",\"data\":\"during\"}");
      assertThat(localOnA.nextJson().path("data").asText()).isEqualTo("during");

      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
        viaA.post("/apps/app-id/events", "{\"name\":\"t\",\"channel\":\"ticker\",\"data\":\"after\"}");
        String f;
        while ((f = onB.poll(200)) != null) {
          if (f.contains("\"after\"")) return true;
        }
        return false;
      });
      assertThat(a.isAlive() && b.isAlive()).isTrue();
    }
  }
}
