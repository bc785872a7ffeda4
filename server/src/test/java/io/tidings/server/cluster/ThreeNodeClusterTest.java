package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import io.tidings.server.support.ChannelRecorder;
import io.tidings.server.support.PresenceRecorder;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three server processes on one PostgreSQL behave as one server: broadcasts, client events, presence,
 * channel queries, user delivery and termination, quotas and cache channels work across nodes, through raw
 * frames and through the real SDKs (pusher-java-client on two nodes, pusher-http-java on a third).
 */
@Tag("postgres")
class ThreeNodeClusterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret", "enableClientMessages": true},
        {"id": "small", "key": "small-key", "secret": "small-secret", "maxConnections": 2}
      ]}""";

  static PgTarget db;
  static ServerProcess a;
  static ServerProcess b;
  static ServerProcess c;

  @BeforeAll
  static void startCluster() {
    db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    String config = "--config=" + ServerProcess.configFile(CONFIG);
    a = ServerProcess.start(env, config);
    b = ServerProcess.start(env, config);
    c = ServerProcess.start(env, config);
  }

  @AfterAll
  static void stopCluster() {
    for (ServerProcess p : new ServerProcess[] {a, b, c}) {
      if (p != null) p.close();
    }
  }

  static Pusher rest(ServerProcess node) {
    Pusher p = new Pusher("app-id", "app-key", "app-secret");
    p.setHost("127.0.0.1:" + node.port());
    p.setEncrypted(false);
    return p;
  }

  static String auth(String json) {
    try {
      return JSON.readTree(json).path("auth").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void subscribePresence(RawWebSocket ws, String channel, String userId, Map<String, Object> info) {
    String body = rest(a).authenticate(ws.socketId(), channel, new PresenceUser(userId, info));
    JsonNode signed;
    try {
      signed = JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    ws.send(JSON.createObjectNode().put("event", "pusher:subscribe").set("data", JSON.createObjectNode()
        .put("channel", channel).put("auth", signed.path("auth").asText())
        .put("channel_data", signed.path("channel_data").asText())).toString());
  }

  @Test
  void anEventPublishedOnOneNodeReachesSubscribersOnEveryNodeExceptTheExcludedSocket() {
    try (RawWebSocket onA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"));
         RawWebSocket onC = RawWebSocket.established(c.wsUrl("app-key"))) {
      for (RawWebSocket ws : List.of(onA, onB, onC)) ws.subscribe("news");
      Result r = rest(a).trigger("news", "flash", Map.of("n", 1));
      assertThat(r.getHttpStatus()).isEqualTo(200);
      String expected = "{\"event\":\"flash\",\"channel\":\"news\",\"data\":\"{\\\"n\\\":1}\"}";
      assertThat(onA.next()).isEqualTo(expected);
      assertThat(onB.next()).isEqualTo(expected);
      assertThat(onC.next()).isEqualTo(expected);

      rest(c).trigger("news", "flash", Map.of("n", 2), onB.socketId());
      assertThat(onA.nextJson().path("data").asText()).isEqualTo("{\"n\":2}");
      assertThat(onC.nextJson().path("data").asText()).isEqualTo("{\"n\":2}");
      assertThat(onB.poll(500)).as("the excluded socket on another node").isNull();
    }
  }

  @Test
  void aClientEventReachesTheOtherNodesButNotItsSender() {
    try (RawWebSocket onA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      for (RawWebSocket ws : List.of(onA, onB)) {
        String sig = auth(rest(a).authenticate(ws.socketId(), "private-chat"));
        ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-chat\",\"auth\":\"" + sig + "\"}}");
        assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
      }
      onA.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"a\"}}");
      assertThat(onB.next()).isEqualTo("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"a\"}}");
      assertThat(onA.poll(500)).isNull();
    }
  }

  @Test
  void presenceMembersAreMergedByUserIdAcrossNodesAndAnnouncedOnce() {
    String channel = "presence-room-1";
    try (RawWebSocket u1OnA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket u1OnB = RawWebSocket.established(b.wsUrl("app-key"));
         RawWebSocket u2OnC = RawWebSocket.established(c.wsUrl("app-key"))) {
      subscribePresence(u2OnC, channel, "u2", Map.of("name", "Two"));
      assertThat(u2OnC.dataOf(u2OnC.nextEvent("pusher_internal:subscription_succeeded")).path("presence").path("count").asInt())
          .isEqualTo(1);
      subscribePresence(u1OnA, channel, "u1", Map.of("name", "One"));
      JsonNode first = u1OnA.dataOf(u1OnA.nextEvent("pusher_internal:subscription_succeeded")).path("presence");
      assertThat(first.path("count").asInt()).isEqualTo(2);
      assertThat(u2OnC.next()).isEqualTo(
          "{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-room-1\",\"data\":\"{\\\"user_id\\\":\\\"u1\\\",\\\"user_info\\\":{\\\"name\\\":\\\"One\\\"}}\"}");

      subscribePresence(u1OnB, channel, "u1", Map.of("name", "One"));
      JsonNode second = u1OnB.dataOf(u1OnB.nextEvent("pusher_internal:subscription_succeeded")).path("presence");
      assertThat(second.path("count").asInt()).as("u1 counted once though on two nodes").isEqualTo(2);
      assertThat(u2OnC.poll(700)).as("no second member_added for u1's second socket").isNull();

      SignedApi api = new SignedApi(c.httpBase(), "app-key", "app-secret");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(api.get("/apps/app-id/channels/" + channel).body())
              .isEqualTo("{\"subscription_count\":3,\"occupied\":true,\"user_count\":2}"));
      assertThat(api.get("/apps/app-id/channels/" + channel + "/users").body())
          .isIn("{\"users\":[{\"id\":\"u2\"},{\"id\":\"u1\"}]}", "{\"users\":[{\"id\":\"u1\"},{\"id\":\"u2\"}]}");

      u1OnA.close();
      assertThat(u2OnC.poll(700)).as("u1 still has a socket on B").isNull();
      u1OnB.close();
      assertThat(u2OnC.next()).isEqualTo(
          "{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-room-1\",\"data\":\"{\\\"user_id\\\":\\\"u1\\\"}\"}");
    }
  }

  @Test
  void channelQueriesAnswerForTheWholeClusterFromAnyNode() {
    try (RawWebSocket onA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      onA.subscribe("stats-x");
      onB.subscribe("stats-x");
      onB.subscribe("stats-y");
      SignedApi viaC = new SignedApi(c.httpBase(), "app-key", "app-secret");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(viaC.get("/apps/app-id/channels", Map.of("filter_by_prefix", "stats-")).body()).isEqualTo(
              "{\"channels\":{\"stats-x\":{\"subscription_count\":2,\"occupied\":true},"
                  + "\"stats-y\":{\"subscription_count\":1,\"occupied\":true}}}"));
      Result viaSdk = rest(a).get("/channels/stats-x");
      assertThat(viaSdk.getMessage()).isEqualTo("{\"subscription_count\":2,\"occupied\":true}");
    }
  }

  @Test
  void userDeliveryAndTerminationReachTheUsersSocketsOnEveryNode() {
    try (RawWebSocket onA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      for (RawWebSocket ws : List.of(onA, onB)) {
        String userData = "{\"id\":\"neo\"}";
        String sig = "app-key:" + io.tidings.server.auth.Signatures.hmacSha256Hex("app-secret",
            ws.socketId() + "::user::" + userData);
        ws.send(JSON.createObjectNode().put("event", "pusher:signin").set("data",
            JSON.createObjectNode().put("user_data", userData).put("auth", sig)).toString());
        assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      }
      SignedApi viaC = new SignedApi(c.httpBase(), "app-key", "app-secret");
      assertThat(viaC.post("/apps/app-id/events",
          "{\"name\":\"whisper\",\"channel\":\"#server-to-user-neo\",\"data\":\"hi\"}").statusCode()).isEqualTo(200);
      assertThat(onA.nextJson().path("event").asText()).isEqualTo("whisper");
      assertThat(onB.nextJson().path("event").asText()).isEqualTo("whisper");

      assertThat(viaC.post("/apps/app-id/users/neo/terminate_connections", "{}").statusCode()).isEqualTo(200);
      assertThat(onA.nextJson().path("data").path("code").asInt()).isEqualTo(4009);
      assertThat(onB.nextJson().path("data").path("code").asInt()).isEqualTo(4009);
      assertThat(onA.awaitClose()).isEqualTo(4009);
      assertThat(onB.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void maxConnectionsCountsTheWholeCluster() {
    try (RawWebSocket first = RawWebSocket.established(a.wsUrl("small-key"));
         RawWebSocket second = RawWebSocket.established(b.wsUrl("small-key"))) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        try (RawWebSocket third = RawWebSocket.connect(c.wsUrl("small-key"))) {
          return third.nextJson().path("data").path("code").asInt() == 4100 && third.awaitClose() == 4100;
        }
      });
      assertThat(first.isOpen() && second.isOpen()).isTrue();
    }
  }

  @Test
  void aCacheChannelsLastEventIsServedByEveryNode() {
    assertThat(rest(a).trigger("cache-prices", "tick", Map.of("p", 42)).getHttpStatus()).isEqualTo(200);
    try (RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        try (RawWebSocket probe = RawWebSocket.established(b.wsUrl("app-key"))) {
          probe.subscribe("cache-prices");
          assertThat(probe.next()).isEqualTo("{\"event\":\"tick\",\"channel\":\"cache-prices\",\"data\":\"{\\\"p\\\":42}\"}");
        }
      });
    }
  }

  @Test
  void aPayloadTooBigForNotifyCrossesThroughTheAttachmentTable() {
    String big = "x".repeat(20_000);
    try (RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      onB.subscribe("big");
      assertThat(rest(a).trigger("big", "blob", big).getHttpStatus()).isEqualTo(200);
      JsonNode got = onB.nextJson();
      assertThat(got.path("event").asText()).isEqualTo("blob");
      assertThat(got.path("data").asText()).isEqualTo("\"" + big + "\"");
    }
    assertThat(TestPostgres.countRows(db, "socket_io_attachments")).isPositive();
  }

  @Test
  void theJavaClientSdkOnTwoNodesSharesPresenceAndReceivesWhatTheHttpSdkPublishesOnAThird() {
    String channel = "presence-sdk-room";
    try (PusherClients onA = new PusherClients(a.port(), "app-id", "app-key", "app-secret");
         PusherClients onB = new PusherClients(b.port(), "app-id", "app-key", "app-secret");
         PusherClients onC = new PusherClients(c.port(), "app-id", "app-key", "app-secret")) {
      com.pusher.client.Pusher alice = onA.connect("alice");
      com.pusher.client.Pusher bob = onB.connect("bob");
      PresenceRecorder atAlice = new PresenceRecorder();
      PresenceRecorder atBob = new PresenceRecorder();
      alice.subscribePresence(channel, atAlice, "news");
      atAlice.awaitSubscribed();
      PresenceChannel bobsView = bob.subscribePresence(channel, atBob, "news");
      atBob.awaitSubscribed();

      assertThat(ChannelRecorder.poll(atAlice.added)).as("alice on A hears bob join on B").isEqualTo("bob");
      assertThat(bobsView.getUsers().stream().map(User::getId).toList())
          .as("bob on B sees alice of A in the member list").containsExactlyInAnyOrder("alice", "bob");

      Result sent = onC.rest().trigger(channel, "news", Map.of("n", 1));
      assertThat(sent.getHttpStatus()).isEqualTo(200);
      for (PresenceRecorder r : List.of(atAlice, atBob)) {
        PusherEvent e = ChannelRecorder.poll(r.events);
        assertThat(e.getEventName()).isEqualTo("news");
        assertThat(e.getData()).isEqualTo("{\"n\":1}");
      }

      bob.disconnect();
      assertThat(ChannelRecorder.poll(atAlice.removed)).as("bob's last socket left, on another node").isEqualTo("bob");
    }
  }
}
