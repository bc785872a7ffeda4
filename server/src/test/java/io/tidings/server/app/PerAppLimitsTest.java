package io.tidings.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every per-app field of the {@code apps} schema, each set on its own app of the config file with the
 * table's snake_case name and smallint flags, and left empty (absent, null or '') on {@code plain}, which
 * then follows the server defaults, set here to other small values through {@code SOKETI_*}. Each test
 * shows the app's own value and the default at work.
 */
class PerAppLimitsTest {

  /** One app per field, named after it, with only that field set (snake_case, smallint flags). */
  static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "conn", "key": "conn-key", "secret": "conn-secret", "max_connections": 1},
        {"id": "cm", "key": "cm-key", "secret": "cm-secret", "enable_client_messages": 1},
        {"id": "off", "key": "off-key", "secret": "off-secret", "enabled": 0},
        {"id": "backend", "key": "backend-key", "secret": "backend-secret", "max_backend_events_per_sec": 1},
        {"id": "read", "key": "read-key", "secret": "read-secret", "max_read_req_per_sec": 1},
        {"id": "crate", "key": "crate-key", "secret": "crate-secret", "enable_client_messages": 1, "max_client_events_per_sec": 1},
        {"id": "members", "key": "members-key", "secret": "members-secret", "max_presence_members_per_channel": 1},
        {"id": "msize", "key": "msize-key", "secret": "msize-secret", "max_presence_member_size_in_kb": 1},
        {"id": "cname", "key": "cname-key", "secret": "cname-secret", "max_channel_name_length": 10},
        {"id": "chans", "key": "chans-key", "secret": "chans-secret", "max_event_channels_at_once": 1},
        {"id": "ename", "key": "ename-key", "secret": "ename-secret", "max_event_name_length": 5},
        {"id": "payload", "key": "payload-key", "secret": "payload-secret", "max_event_payload_in_kb": 1},
        {"id": "batch", "key": "batch-key", "secret": "batch-secret", "max_event_batch_size": 1},
        {"id": "strict", "key": "strict-key", "secret": "strict-secret", "enable_user_authentication": 1},
        {"id": "hooks", "key": "hooks-key", "secret": "hooks-secret", "webhooks": "[{\\"url\\":\\"http://127.0.0.1:1/h\\",\\"event_types\\":[\\"channel_occupied\\"]}]"},
        {"id": "plain", "key": "plain-key", "secret": "plain-secret",
         "max_presence_members_per_channel": null, "max_channel_name_length": "", "max_event_batch_size": null,
         "webhooks": null}
      ]}""";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(
      "SOKETI_PRESENCE_MAX_MEMBERS", "2",
      "SOKETI_PRESENCE_MAX_MEMBER_SIZE", "3",
      "SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH", "15",
      "SOKETI_EVENT_MAX_CHANNELS_AT_ONCE", "2",
      "SOKETI_EVENT_MAX_NAME_LENGTH", "8",
      "SOKETI_EVENT_MAX_SIZE_IN_KB", "2",
      "SOKETI_EVENT_MAX_BATCH_SIZE", "2",
      "SOKETI_USER_AUTHENTICATION_TIMEOUT", "200"), CONFIG);

  private static PusherAuth auth(String app) {
    return new PusherAuth(app + "-key", app + "-secret");
  }

  private static SignedApi api(String app) {
    return new SignedApi(server.httpBase(), app + "-key", app + "-secret");
  }

  private static RawWebSocket ws(String app) {
    return RawWebSocket.established(server.wsUrl(app + "-key"));
  }

  private static String event(String name, String channelsJson, String data) {
    return "{\"name\":\"" + name + "\",\"channels\":" + channelsJson + ",\"data\":\"" + data + "\"}";
  }

  @Test
  void maxConnectionsOfTheAppRefusesTheNextOneAndUnsetMeansUnlimited() {
    try (RawWebSocket first = ws("conn"); RawWebSocket second = RawWebSocket.connect(server.wsUrl("conn-key"))) {
      assertThat(second.nextJson().path("data").path("code").asInt()).isEqualTo(4100);
      assertThat(second.awaitClose()).isEqualTo(4100);
    }
    try (RawWebSocket a = ws("plain"); RawWebSocket b = ws("plain"); RawWebSocket c = ws("plain")) {
      assertThat(c.socketId()).isNotNull();
    }
  }

  @Test
  void enabledZeroRefusesConnectionsAndApiCalls() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("off-key"))) {
      assertThat(ws.awaitClose()).isEqualTo(4003);
    }
    assertThat(api("off").get("/apps/off/channels").statusCode()).isEqualTo(403);
  }

  @Test
  void enableClientMessagesOneRelaysAndUnsetRefuses() {
    try (RawWebSocket a = ws("cm"); RawWebSocket b = ws("cm")) {
      a.subscribe("room");
      b.subscribe("room");
      a.send("{\"event\":\"client-a\",\"channel\":\"room\",\"data\":{}}");
      assertThat(b.next()).isEqualTo("{\"event\":\"client-a\",\"channel\":\"room\",\"data\":{}}");
    }
    try (RawWebSocket ws = ws("plain")) {
      ws.subscribe("room");
      ws.send("{\"event\":\"client-a\",\"channel\":\"room\",\"data\":{}}");
      assertThat(ws.nextJson().path("data").path("message").asText()).isEqualTo("The app does not have client messaging enabled.");
    }
  }

  /** The status of the first refused call among up to 50 (one-second windows are always hit within a few). */
  private static int firstRefusal(java.util.function.IntSupplier call) {
    for (int i = 0; i < 50; i++) {
      int status = call.getAsInt();
      if (status != 200) return status;
    }
    return 200;
  }

  @Test
  void maxBackendEventsPerSecondOfTheAppAnswers429AndUnsetIsUnlimited() {
    assertThat(api("backend").post("/apps/backend/events", event("e", "[\"a\"]", "d")).headers().firstValue("X-RateLimit-Limit"))
        .hasValue("1");
    assertThat(firstRefusal(() -> api("backend").post("/apps/backend/events", event("e", "[\"a\"]", "d")).statusCode())).isEqualTo(429);
    for (int i = 0; i < 5; i++) {
      assertThat(api("plain").post("/apps/plain/events", event("e", "[\"a\"]", "d")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void maxReadRequestsPerSecondOfTheAppAnswers429AndUnsetIsUnlimited() {
    assertThat(api("read").get("/apps/read/channels").headers().firstValue("X-RateLimit-Limit")).hasValue("1");
    assertThat(firstRefusal(() -> api("read").get("/apps/read/channels").statusCode())).isEqualTo(429);
    for (int i = 0; i < 5; i++) assertThat(api("plain").get("/apps/plain/channels").statusCode()).isEqualTo(200);
  }

  @Test
  void maxClientEventsPerSecondOfTheAppRefusesEventsOverIt() {
    try (RawWebSocket ws = ws("crate")) {
      ws.subscribe("rate");
      for (int i = 0; i < 10; i++) ws.send("{\"event\":\"client-a\",\"channel\":\"rate\",\"data\":" + i + "}");
      assertThat(ws.nextJson().path("data").path("message").asText())
          .isEqualTo("The rate limit for sending client events exceeded the quota.");
    }
  }

  @Test
  void maxPresenceMembersPerChannelOfTheAppAndTheServerDefaultWhenTheColumnIsNull() {
    PusherAuth own = auth("members");
    try (RawWebSocket a = ws("members"); RawWebSocket b = ws("members")) {
      a.send(own.subscribePresence(a.socketId(), "presence-m", "{\"user_id\":\"a\"}"));
      assertThat(a.next()).contains("subscription_succeeded");
      b.send(own.subscribePresence(b.socketId(), "presence-m", "{\"user_id\":\"b\"}"));
      assertThat(b.nextJson().path("data").path("status").asInt()).isEqualTo(4100);
    }
    PusherAuth plain = auth("plain");
    try (RawWebSocket a = ws("plain"); RawWebSocket b = ws("plain"); RawWebSocket c = ws("plain")) {
      a.send(plain.subscribePresence(a.socketId(), "presence-m", "{\"user_id\":\"a\"}"));
      assertThat(a.next()).contains("subscription_succeeded");
      b.send(plain.subscribePresence(b.socketId(), "presence-m", "{\"user_id\":\"b\"}"));
      assertThat(b.next()).contains("subscription_succeeded");
      c.send(plain.subscribePresence(c.socketId(), "presence-m", "{\"user_id\":\"c\"}"));
      assertThat(c.nextJson().path("data").path("status").asInt()).isEqualTo(4100);
    }
  }

  @Test
  void maxPresenceMemberSizeOfTheAppAndTheServerDefault() {
    String kb15 = "{\"user_id\":\"u\",\"user_info\":{\"b\":\"" + "x".repeat(1500) + "\"}}";
    String kb35 = "{\"user_id\":\"u\",\"user_info\":{\"b\":\"" + "x".repeat(3500) + "\"}}";
    try (RawWebSocket ws = ws("msize")) {
      ws.send(auth("msize").subscribePresence(ws.socketId(), "presence-s", kb15));
      assertThat(ws.nextJson().path("data").path("error").asText()).isEqualTo("The maximum size for a channel member is 1 KB.");
    }
    try (RawWebSocket ws = ws("plain")) {
      ws.send(auth("plain").subscribePresence(ws.socketId(), "presence-s", kb15));
      assertThat(ws.next()).contains("subscription_succeeded");
      ws.send(auth("plain").subscribePresence(ws.socketId(), "presence-s2", kb35));
      assertThat(ws.nextJson().path("data").path("error").asText()).isEqualTo("The maximum size for a channel member is 3 KB.");
    }
  }

  @Test
  void maxChannelNameLengthOfTheAppAndTheServerDefaultWhenTheColumnIsEmpty() {
    try (RawWebSocket ws = ws("cname")) {
      assertThat(ws.subscribe("c".repeat(11))).contains("longer than the allowed 10 characters.");
    }
    try (RawWebSocket ws = ws("plain")) {
      assertThat(ws.subscribe("c".repeat(11))).contains("subscription_succeeded");
      assertThat(ws.subscribe("c".repeat(16))).contains("longer than the allowed 15 characters.");
    }
  }

  @Test
  void maxEventChannelsAtOnceOfTheAppAndTheServerDefault() {
    assertThat(api("chans").post("/apps/chans/events", event("e", "[\"a\",\"b\"]", "d")).body())
        .isEqualTo("{\"error\":\"Cannot broadcast to more than 1 channels at once\",\"code\":400}");
    assertThat(api("plain").post("/apps/plain/events", event("e", "[\"a\",\"b\"]", "d")).statusCode()).isEqualTo(200);
    assertThat(api("plain").post("/apps/plain/events", event("e", "[\"a\",\"b\",\"c\"]", "d")).body())
        .isEqualTo("{\"error\":\"Cannot broadcast to more than 2 channels at once\",\"code\":400}");
  }

  @Test
  void maxEventNameLengthOfTheAppAndTheServerDefault() {
    assertThat(api("ename").post("/apps/ename/events", event("sixsix", "[\"a\"]", "d")).body())
        .isEqualTo("{\"error\":\"Event name is too long. Maximum allowed size is 5.\",\"code\":400}");
    assertThat(api("plain").post("/apps/plain/events", event("sixsix", "[\"a\"]", "d")).statusCode()).isEqualTo(200);
    assertThat(api("plain").post("/apps/plain/events", event("ninenine9", "[\"a\"]", "d")).body())
        .isEqualTo("{\"error\":\"Event name is too long. Maximum allowed size is 8.\",\"code\":400}");
  }

  @Test
  void maxEventPayloadOfTheAppAndTheServerDefault() {
    String kb15 = "x".repeat(1500);
    assertThat(api("payload").post("/apps/payload/events", event("e", "[\"a\"]", kb15)).body())
        .isEqualTo("{\"error\":\"The event data should be less than 1 KB.\",\"code\":413}");
    assertThat(api("plain").post("/apps/plain/events", event("e", "[\"a\"]", kb15)).statusCode()).isEqualTo(200);
    assertThat(api("plain").post("/apps/plain/events", event("e", "[\"a\"]", "x".repeat(2100))).body())
        .isEqualTo("{\"error\":\"The event data should be less than 2 KB.\",\"code\":413}");
  }

  @Test
  void maxEventBatchSizeOfTheAppAndTheServerDefaultWhenTheColumnIsNull() {
    String two = "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"},{\"name\":\"e\",\"channel\":\"b\",\"data\":\"d\"}]}";
    String three = "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"},{\"name\":\"e\",\"channel\":\"b\",\"data\":\"d\"},"
        + "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}]}";
    assertThat(api("batch").post("/apps/batch/batch_events", two).body())
        .isEqualTo("{\"error\":\"Cannot batch-send more than 1 messages at once\",\"code\":400}");
    assertThat(api("plain").post("/apps/plain/batch_events", two).statusCode()).isEqualTo(200);
    assertThat(api("plain").post("/apps/plain/batch_events", three).body())
        .isEqualTo("{\"error\":\"Cannot batch-send more than 2 messages at once\",\"code\":400}");
  }

  @Test
  void enableUserAuthenticationOfTheAppStartsTheDeadlineAndUnsetDoesNot() {
    try (RawWebSocket strict = ws("strict"); RawWebSocket lax = ws("plain")) {
      assertThat(strict.nextJson().path("data").path("message").asText()).isEqualTo("Connection not authorized within timeout.");
      assertThat(strict.awaitClose()).isEqualTo(4009);
      lax.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(lax.next()).contains("pusher:pong");
    }
  }

  @Test
  void webhooksGivenAsAJsonStringAreReadAsTheTableStoresThem() {
    App hooks = server.server().context().apps().findById("hooks").join();
    assertThat(hooks.webhooks()).singleElement().satisfies(w -> {
      assertThat(w.url()).isEqualTo("http://127.0.0.1:1/h");
      assertThat(w.eventTypes()).containsExactly("channel_occupied");
    });
    assertThat(server.server().context().apps().findById("plain").join().webhooks()).isEmpty();
  }
}
