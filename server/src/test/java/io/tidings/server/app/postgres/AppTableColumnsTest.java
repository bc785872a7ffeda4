package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.app.App;
import io.tidings.server.app.Webhook;
import io.tidings.server.auth.Signatures;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every column of Soketi's apps table, created with Soketi's exact DDL, has its effect on connections
 * and API calls of a node that reads apps from it. Each test adds its own app.
 */
@Tag("postgres")
class AppTableColumnsTest {

  static final AtomicInteger SEQ = new AtomicInteger();
  static TestApps apps;
  /** Reads its apps from a table made for it with Soketi's DDL, holding Soketi's fixture row. */
  @RegisterExtension
  static final TestServer server = TestServer.withEnvFrom(() -> {
    apps = TestApps.soketiTable();
    apps.execute(TestApps.SOKETI_FIXTURE_ROW);
    return apps.env(Map.of(
        "SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH", "30",
        "SOKETI_USER_AUTHENTICATION_TIMEOUT", "300"));
  });

  /** Adds an app with {@code columns}; returns its id (key = "key-" + id, secret = "secret-" + id). */
  static String app(Map<String, Object> columns) {
    String id = "app" + SEQ.incrementAndGet();
    apps.add(id, "key-" + id, "secret-" + id, columns);
    return id;
  }

  static SignedApi api(String id) {
    return new SignedApi(server.httpBase(), "key-" + id, "secret-" + id);
  }

  static RawWebSocket connect(String id) {
    return RawWebSocket.established(server.wsUrl("key-" + id));
  }

  static String auth(String id, String signed) {
    return "key-" + id + ":" + Signatures.hmacSha256Hex("secret-" + id, signed);
  }

  static JsonNode subscribePrivate(RawWebSocket ws, String id, String channel) {
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
        + auth(id, ws.socketId() + ":" + channel) + "\"}}");
    return ws.nextJson();
  }

  static JsonNode subscribePresence(RawWebSocket ws, String id, String channel, String channelData) {
    String escaped = channelData.replace("\\", "\\\\").replace("\"", "\\\"");
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
        + auth(id, ws.socketId() + ":" + channel + ":" + channelData) + "\",\"channel_data\":\"" + escaped + "\"}}");
    return ws.nextJson();
  }

  @Test
  void soketisFixtureRowServesConnectionsAndTheApi() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("app-key"))) {
      ws.subscribe("fixture");
      var res = new SignedApi(server.httpBase(), "app-key", "app-secret")
          .post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"fixture\",\"data\":\"x\"}");
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"fixture\",\"data\":\"x\"}");
    }
  }

  @Test
  void aKeyThatIsNotInTheTableIsRefusedWith4001() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("no-such-key"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key no-such-key does not exist.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void anIdThatIsNotInTheTableIsAnswered404() {
    var res = new SignedApi(server.httpBase(), "x", "y").get("/apps/no-such-id/channels");
    assertThat(res.statusCode()).isEqualTo(404);
  }

  @Test
  void theSecretColumnSignsTheApi() {
    String id = app(Map.of());
    var wrong = new SignedApi(server.httpBase(), "key-" + id, "not-the-secret").get("/apps/" + id + "/channels");
    var right = api(id).get("/apps/" + id + "/channels");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void maxConnectionsRefusesTheConnectionOverTheQuotaWith4100() {
    String id = app(Map.of("max_connections", 1));
    try (RawWebSocket first = connect(id); RawWebSocket second = RawWebSocket.connect(server.wsUrl("key-" + id))) {
      assertThat(second.nextJson().path("data").path("code").asInt()).isEqualTo(4100);
      assertThat(second.awaitClose()).isEqualTo(4100);
      assertThat(first.isOpen()).isTrue();
    }
  }

  @Test
  void enableClientMessagesZeroRefusesClientEventsWith4301() {
    String id = app(Map.of("enable_client_messages", 0));
    try (RawWebSocket ws = connect(id)) {
      subscribePrivate(ws, id, "private-a");
      ws.send("{\"event\":\"client-x\",\"channel\":\"private-a\",\"data\":{}}");
      JsonNode error = ws.nextJson();
      assertThat(error.path("data").path("code").asInt()).isEqualTo(4301);
      assertThat(error.path("data").path("message").asText()).isEqualTo("The app does not have client messaging enabled.");
    }
  }

  @Test
  void enableClientMessagesOneRelaysClientEvents() {
    String id = app(Map.of("enable_client_messages", 1));
    try (RawWebSocket sender = connect(id); RawWebSocket receiver = connect(id)) {
      subscribePrivate(sender, id, "private-b");
      subscribePrivate(receiver, id, "private-b");
      sender.send("{\"event\":\"client-x\",\"channel\":\"private-b\",\"data\":{\"n\":1}}");
      assertThat(receiver.nextJson().path("event").asText()).isEqualTo("client-x");
    }
  }

  @Test
  void enabledZeroRefusesConnectionsWith4003() {
    String id = app(Map.of("enabled", 0));
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("key-" + id))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4003,\"message\":\"The app is not enabled.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4003);
    }
  }

  @Test
  void maxBackendEventsPerSecAnswers429OverTheRate() {
    String id = app(Map.of("max_backend_events_per_sec", 1));
    assertThat(firstStatusWithin(20, () -> api(id).post("/apps/" + id + "/events",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"x\"}").statusCode())).isEqualTo(429);
  }

  @Test
  void maxReadReqPerSecAnswers429OverTheRate() {
    String id = app(Map.of("max_read_req_per_sec", 1));
    assertThat(firstStatusWithin(20, () -> api(id).get("/apps/" + id + "/channels").statusCode())).isEqualTo(429);
  }

  @Test
  void maxClientEventsPerSecRefusesClientEventsOverTheRate() {
    String id = app(Map.of("enable_client_messages", 1, "max_client_events_per_sec", 1));
    try (RawWebSocket ws = connect(id)) {
      subscribePrivate(ws, id, "private-c");
      String message = null;
      for (int i = 0; i < 20 && message == null; i++) {
        ws.send("{\"event\":\"client-x\",\"channel\":\"private-c\",\"data\":{}}");
        String frame = ws.poll(100);
        if (frame != null) message = RawWebSocket.parseJson(frame).path("data").path("message").asText();
      }
      assertThat(message).isEqualTo("The rate limit for sending client events exceeded the quota.");
    }
  }

  @Test
  void maxPresenceMembersPerChannelRefusesTheMemberOverTheLimit() {
    String id = app(Map.of("max_presence_members_per_channel", 1));
    try (RawWebSocket a = connect(id); RawWebSocket b = connect(id)) {
      assertThat(subscribePresence(a, id, "presence-p", "{\"user_id\":\"1\"}").path("event").asText())
          .isEqualTo("pusher_internal:subscription_succeeded");
      JsonNode refused = subscribePresence(b, id, "presence-p", "{\"user_id\":\"2\"}");
      assertThat(refused.path("event").asText()).isEqualTo("pusher:subscription_error");
      assertThat(refused.path("data").path("status").asInt()).isEqualTo(4100);
    }
  }

  @Test
  void maxPresenceMemberSizeInKbRefusesALargerMember() {
    String id = app(Map.of("max_presence_member_size_in_kb", 1));
    try (RawWebSocket ws = connect(id)) {
      JsonNode refused = subscribePresence(ws, id, "presence-q",
          "{\"user_id\":\"1\",\"user_info\":{\"bio\":\"" + "x".repeat(1100) + "\"}}");
      assertThat(refused.path("data").path("error").asText()).isEqualTo("The maximum size for a channel member is 1 KB.");
    }
  }

  @Test
  void maxChannelNameLengthRefusesLongerChannelNames() {
    String id = app(Map.of("max_channel_name_length", 10));
    try (RawWebSocket ws = connect(id)) {
      JsonNode refused = RawWebSocket.parseJson(ws.subscribe("a-channel-of-20-char"));
      assertThat(refused.path("data").path("error").asText())
          .isEqualTo("The channel name is longer than the allowed 10 characters.");
    }
  }

  @Test
  void aNullLimitMeansTheServerDefault() {
    String id = app(Map.of()); // max_channel_name_length NULL; the server's default is 30 here
    try (RawWebSocket ws = connect(id)) {
      assertThat(RawWebSocket.parseJson(ws.subscribe("c".repeat(30))).path("event").asText())
          .isEqualTo("pusher_internal:subscription_succeeded");
      assertThat(RawWebSocket.parseJson(ws.subscribe("c".repeat(31))).path("data").path("error").asText())
          .isEqualTo("The channel name is longer than the allowed 30 characters.");
    }
  }

  @Test
  void maxEventChannelsAtOnceRefusesAPublishToMoreChannels() {
    String id = app(Map.of("max_event_channels_at_once", 1));
    var res = api(id).post("/apps/" + id + "/events", "{\"name\":\"e\",\"channels\":[\"a\",\"b\"],\"data\":\"x\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("Cannot broadcast to more than 1 channels at once");
  }

  @Test
  void maxEventNameLengthRefusesLongerEventNames() {
    String id = app(Map.of("max_event_name_length", 5));
    var res = api(id).post("/apps/" + id + "/events", "{\"name\":\"sixsix\",\"channel\":\"a\",\"data\":\"x\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("Event name is too long. Maximum allowed size is 5.");
  }

  @Test
  void maxEventPayloadInKbRefusesLargerEvents() {
    String id = app(Map.of("max_event_payload_in_kb", 1));
    var res = api(id).post("/apps/" + id + "/events",
        "{\"name\":\"e\",\"channel\":\"a\",\"data\":\"" + "x".repeat(1100) + "\"}");
    assertThat(res.statusCode()).isEqualTo(413);
  }

  @Test
  void maxEventBatchSizeRefusesLargerBatches() {
    String id = app(Map.of("max_event_batch_size", 1));
    var res = api(id).post("/apps/" + id + "/batch_events",
        "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\",\"data\":\"x\"},{\"name\":\"e\",\"channel\":\"b\",\"data\":\"x\"}]}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("Cannot batch-send more than 1 messages at once");
  }

  @Test
  void theWebhooksJsonIsParsed() throws Exception {
    String id = app(Map.of("webhooks", "[{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"channel_occupied\","
        + "\"member_added\"],\"headers\":{\"X-Test\":\"1\"},\"filter\":{\"channel_name_starts_with\":\"pre\"}}]"));
    App app = server.server().context().apps().findById(id).get(10, TimeUnit.SECONDS);
    assertThat(app.webhooks()).containsExactly(new Webhook("http://127.0.0.1:9/hook", null,
        Set.of("channel_occupied", "member_added"), Map.of("X-Test", "1"), "pre", null));
  }

  @Test
  void enableUserAuthenticationClosesSocketsThatDoNotSignInWith4009() {
    String id = app(Map.of("enable_user_authentication", 1));
    try (RawWebSocket ws = connect(id)) {
      assertThat(ws.nextJson().path("data").path("message").asText()).isEqualTo("Connection not authorized within timeout.");
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  /** Repeats {@code call} until it answers something other than 200; at most {@code attempts} times. */
  static int firstStatusWithin(int attempts, java.util.function.IntSupplier call) {
    int status = 200;
    for (int i = 0; i < attempts && status == 200; i++) status = call.getAsInt();
    return status;
  }
}
