package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.WebhookReceiver;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Webhooks are cluster-correct: {@code channel_occupied} when the first subscriber anywhere arrives,
 * {@code channel_vacated} when the last one anywhere leaves, member events once per user, and when a node
 * dies its members' {@code member_removed} and the resulting {@code channel_vacated} are sent once.
 */
@Tag("postgres")
class ClusterWebhooksTest {

  static String config(WebhookReceiver receiver) {
    return """
        {"appManager.array.apps": [{"id": "app-id", "key": "app-key", "secret": "app-secret",
          "webhooks": [{"url": "%s", "event_types": ["channel_occupied", "channel_vacated", "member_added", "member_removed"]}]}]}
        """.formatted(receiver.url("/hooks"));
  }

  /** Every webhook event received within {@code millis} of quiet, as "name channel [user]". */
  static List<String> drain(WebhookReceiver receiver, long millis) {
    List<String> out = new ArrayList<>();
    WebhookReceiver.Request r;
    while ((r = receiver.poll(millis)) != null) {
      for (JsonNode e : r.events()) {
        out.add(e.path("name").asText() + " " + e.path("channel").asText()
            + (e.has("user_id") ? " " + e.path("user_id").asText() : ""));
      }
    }
    return out;
  }

  @Test
  void occupiedAndVacatedFireOnceForTheWholeCluster() {
    PgTarget db = TestPostgres.newDatabase();
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Map<String, String> env = NodeFailureTest.clusterEnv(db);
      String cfg = "--config=" + ServerProcess.configFile(config(receiver));
      try (ServerProcess a = ServerProcess.start(env, cfg);
           ServerProcess b = ServerProcess.start(env, cfg)) {
        RawWebSocket onA = RawWebSocket.established(a.wsUrl("app-key"));
        RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"));
        onA.subscribe("room");
        onB.subscribe("room");
        assertThat(drain(receiver, 1500)).containsExactly("channel_occupied room");

        onA.close();
        assertThat(drain(receiver, 1500)).as("someone is still in the room on B").isEmpty();
        onB.close();
        assertThat(drain(receiver, 1500)).containsExactly("channel_vacated room");
      }
    }
  }

  @Test
  void aDeadNodesMembersAreRemovedOnceBySurvivors() {
    PgTarget db = TestPostgres.newDatabase();
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Map<String, String> env = NodeFailureTest.clusterEnv(db);
      String cfg = "--config=" + ServerProcess.configFile(config(receiver));
      try (ServerProcess a = ServerProcess.start(env, cfg);
           ServerProcess b = ServerProcess.start(env, cfg);
           ServerProcess doomed = ServerProcess.start(env, cfg)) {
        RawWebSocket ghost = RawWebSocket.established(doomed.wsUrl("app-key"));
        NodeFailureTest.joinPresence(ghost, "presence-crypt", "ghost");
        assertThat(drain(receiver, 1500))
            .containsExactlyInAnyOrder("channel_occupied presence-crypt", "member_added presence-crypt ghost");

        long killedAt = System.nanoTime();
        doomed.kill();

        // Two survivors notice; the first NODE_GONE in the total order wins, so each webhook leaves once.
        WebhookReceiver.Request first = receiver.poll(15_000);
        long firstWebhookMs = Reliability.millisSince(killedAt);
        List<String> after = new ArrayList<>();
        if (first != null) {
          for (JsonNode e : first.events()) {
            after.add(e.path("name").asText() + " " + e.path("channel").asText()
                + (e.has("user_id") ? " " + e.path("user_id").asText() : ""));
          }
        }
        after.addAll(drain(receiver, 6000));
        Reliability.of("node-death-webhooks").put("nodes", 3).put("heartbeatTimeoutMs", 2000)
            .put("firstWebhookAfterKillMs", firstWebhookMs).put("webhooks", after.size())
            .put("events", String.join(",", after).replace(' ', ':')).print();
        assertThat(after)
            .containsExactlyInAnyOrder("member_removed presence-crypt ghost", "channel_vacated presence-crypt");
        assertThat(a.isAlive() && b.isAlive()).isTrue();
      }
    }
  }
}
