package io.tidings.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP API as pusher-http-java 1.3.4 uses it: publishing (one channel, many, excluding a socket,
 * batches), the channel reads, and every error as the SDK reports it (its {@link Result.Status} comes
 * from the HTTP status, so real statuses matter).
 */
class PusherHttpJavaTest {

  static final String LIMITED_CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret"},
        {"id": "limited", "key": "limited-key", "secret": "limited-secret",
         "maxEventChannelsAtOnce": 2, "maxEventPayloadInKb": 1, "maxEventBatchSize": 2}
      ]}""";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(), LIMITED_CONFIG);
  static Pusher rest;
  static Pusher limited;

  @BeforeAll
  static void start() {
    rest = PusherClients.rest(server, TestServer.APP_ID, TestServer.APP_KEY, TestServer.APP_SECRET);
    limited = PusherClients.rest(server, "limited", "limited-key", "limited-secret");
  }

  @AfterAll
  static void stop() throws Exception {
    rest.close();
    limited.close();
  }

  private static RawWebSocket subscribed(String channel) {
    RawWebSocket ws = RawWebSocket.established(server.wsUrl());
    assertThat(ws.subscribe(channel)).contains("subscription_succeeded");
    return ws;
  }

  @Test
  void triggerToOneChannelIsAnsweredOkAndDeliveredAsTheSdkEncodedIt() {
    try (RawWebSocket ws = subscribed("sdk-one")) {
      Result r = rest.trigger("sdk-one", "my-event", Map.of("a", 1));
      assertThat(r.getStatus()).isEqualTo(Result.Status.SUCCESS);
      assertThat(r.getHttpStatus()).isEqualTo(200);
      assertThat(r.getMessage()).isEqualTo("{\"ok\":true}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"my-event\",\"channel\":\"sdk-one\",\"data\":\"{\\\"a\\\":1}\"}");
    }
  }

  @Test
  void triggerToManyChannelsReachesEach() {
    try (RawWebSocket a = subscribed("sdk-many-a"); RawWebSocket b = subscribed("sdk-many-b")) {
      assertThat(rest.trigger(List.of("sdk-many-a", "sdk-many-b"), "e", "x").getStatus()).isEqualTo(Result.Status.SUCCESS);
      assertThat(a.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"sdk-many-a\",\"data\":\"\\\"x\\\"\"}");
      assertThat(b.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"sdk-many-b\",\"data\":\"\\\"x\\\"\"}");
    }
  }

  @Test
  void theSocketIdOfATriggerIsExcluded() {
    try (RawWebSocket sender = subscribed("sdk-except"); RawWebSocket other = subscribed("sdk-except")) {
      rest.trigger("sdk-except", "excluded", "x", sender.socketId());
      rest.trigger("sdk-except", "marker", "y");
      assertThat(other.nextJson().path("event").asText()).isEqualTo("excluded");
      assertThat(sender.nextJson().path("event").asText()).as("the excluded socket's next frame").isEqualTo("marker");
    }
  }

  @Test
  void aBatchTriggerDeliversEveryEventAndHonoursEachSocketId() {
    try (RawWebSocket a = subscribed("sdk-batch"); RawWebSocket b = subscribed("sdk-batch")) {
      Result r = rest.trigger(List.of(
          new Event("sdk-batch", "first", "1"),
          new Event("sdk-batch", "second", "2", a.socketId())));
      assertThat(r.getStatus()).isEqualTo(Result.Status.SUCCESS);
      assertThat(r.getMessage()).isEqualTo("{\"ok\":true}");
      assertThat(b.nextJson().path("event").asText()).isEqualTo("first");
      assertThat(b.nextJson().path("event").asText()).isEqualTo("second");
      assertThat(a.nextJson().path("event").asText()).isEqualTo("first");
      assertThat(a.poll(300)).as("the excluded socket gets the second event").isNull();
    }
  }

  @Test
  void channelsCanBeFilteredByPrefixAndCarryUserCountsOnRequest() {
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket pub = subscribed("list-public");
         RawWebSocket p1 = RawWebSocket.established(server.wsUrl());
         RawWebSocket p2 = RawWebSocket.established(server.wsUrl())) {
      p1.send(auth.subscribePresence(p1.socketId(), "presence-list", "{\"user_id\":\"same\"}"));
      p2.send(auth.subscribePresence(p2.socketId(), "presence-list", "{\"user_id\":\"same\"}"));
      assertThat(p1.next()).contains("subscription_succeeded");
      assertThat(p2.next()).contains("subscription_succeeded");
      Result r = rest.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"));
      assertThat(r.getHttpStatus()).isEqualTo(200);
      assertThat(r.getMessage()).isEqualTo(
          "{\"channels\":{\"presence-list\":{\"subscription_count\":2,\"occupied\":true,\"user_count\":1}}}");
      Result plain = rest.get("/channels", Map.of("filter_by_prefix", "list-"));
      assertThat(plain.getMessage()).isEqualTo("{\"channels\":{\"list-public\":{\"subscription_count\":1,\"occupied\":true}}}");
    }
  }

  @Test
  void oneChannelReportsItsSubscriptionAndUserCounts() {
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket pub = subscribed("count-public");
         RawWebSocket p1 = RawWebSocket.established(server.wsUrl());
         RawWebSocket p2 = RawWebSocket.established(server.wsUrl())) {
      p1.send(auth.subscribePresence(p1.socketId(), "presence-count", "{\"user_id\":\"a\"}"));
      p2.send(auth.subscribePresence(p2.socketId(), "presence-count", "{\"user_id\":\"a\"}"));
      assertThat(p1.next()).contains("subscription_succeeded");
      assertThat(p2.next()).contains("subscription_succeeded");
      assertThat(rest.get("/channels/count-public").getMessage()).isEqualTo("{\"subscription_count\":1,\"occupied\":true}");
      assertThat(rest.get("/channels/presence-count").getMessage())
          .isEqualTo("{\"subscription_count\":2,\"occupied\":true,\"user_count\":1}");
      assertThat(rest.get("/channels/count-nobody").getMessage()).isEqualTo("{\"subscription_count\":0,\"occupied\":false}");
      assertThat(rest.get("/channels/presence-nobody").getMessage())
          .isEqualTo("{\"subscription_count\":0,\"occupied\":false,\"user_count\":0}");
    }
  }

  @Test
  void presenceUsersAreListedWithTheirInfoOnRequest() {
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket p = RawWebSocket.established(server.wsUrl())) {
      p.send(auth.subscribePresence(p.socketId(), "presence-users", "{\"user_id\":\"u\",\"user_info\":{\"n\":1}}"));
      assertThat(p.next()).contains("subscription_succeeded");
      assertThat(rest.get("/channels/presence-users/users").getMessage()).isEqualTo("{\"users\":[{\"id\":\"u\"}]}");
      assertThat(rest.get("/channels/presence-users/users", Map.of("with_user_info", "1")).getMessage())
          .isEqualTo("{\"users\":[{\"id\":\"u\",\"user_info\":{\"n\":1}}]}");
    }
  }

  @Test
  void usersOfANonPresenceChannelAreAClientError() {
    Result r = rest.get("/channels/not-presence/users");
    assertThat(r.getStatus()).isEqualTo(Result.Status.CLIENT_ERROR);
    assertThat(r.getMessage()).isEqualTo("{\"error\":\"The channel must be a presence channel.\",\"code\":400}");
  }

  @Test
  void anUnknownAppIsNotFound() throws Exception {
    try (Pusher nobody = PusherClients.rest(server, "nope", "k", "s")) {
      Result r = nobody.trigger("c", "e", "d");
      assertThat(r.getStatus()).isEqualTo(Result.Status.NOT_FOUND);
      assertThat(r.getHttpStatus()).isEqualTo(404);
      assertThat(r.getMessage()).isEqualTo("{\"error\":\"The app nope could not be found.\",\"code\":404}");
    }
  }

  @Test
  void aWrongSecretIsAnAuthenticationError() throws Exception {
    try (Pusher wrong = PusherClients.rest(server, TestServer.APP_ID, TestServer.APP_KEY, "wrong")) {
      Result r = wrong.get("/channels");
      assertThat(r.getStatus()).isEqualTo(Result.Status.AUTHENTICATION_ERROR);
      assertThat(r.getHttpStatus()).isEqualTo(401);
      assertThat(r.getMessage()).isEqualTo("{\"error\":\"The secret authentication failed\",\"code\":401}");
    }
  }

  @Test
  void tooManyChannelsAtOnceIsAClientError() {
    Result r = limited.trigger(List.of("a", "b", "c"), "e", "d");
    assertThat(r.getStatus()).isEqualTo(Result.Status.CLIENT_ERROR);
    assertThat(r.getMessage()).isEqualTo("{\"error\":\"Cannot broadcast to more than 2 channels at once\",\"code\":400}");
  }

  @Test
  void aTooLargePayloadIs413() {
    Result r = limited.trigger("c", "e", "x".repeat(2000));
    assertThat(r.getHttpStatus()).isEqualTo(413);
    assertThat(r.getMessage()).isEqualTo("{\"error\":\"The event data should be less than 1 KB.\",\"code\":413}");
  }

  @Test
  void aTooLargeBatchIsAClientError() {
    Result r = limited.trigger(List.of(new Event("c", "e", "1"), new Event("c", "e", "2"), new Event("c", "e", "3")));
    assertThat(r.getStatus()).isEqualTo(Result.Status.CLIENT_ERROR);
    assertThat(r.getMessage()).isEqualTo("{\"error\":\"Cannot batch-send more than 2 messages at once\",\"code\":400}");
  }

  @Test
  void withTheCompatibilitySwitchTheSdkSeesSoketisHttp200ForErrors() throws Exception {
    try (TestServer compat = TestServer.start(Map.of("SOKETI_COMPAT_HTTP_200_ERRORS", "true"));
         Pusher wrong = PusherClients.rest(compat, TestServer.APP_ID, TestServer.APP_KEY, "wrong")) {
      Result r = wrong.get("/channels");
      assertThat(r.getHttpStatus()).isEqualTo(200);
      assertThat(r.getMessage()).isEqualTo("{\"error\":\"The secret authentication failed\",\"code\":401}");
    }
  }
}
