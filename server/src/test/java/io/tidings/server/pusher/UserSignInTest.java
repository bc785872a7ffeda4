package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pusher:signin} on raw frames: success echo, the 4009 failures, delivery to a user's sockets,
 * and the sign-in deadline of apps with {@code enable_user_authentication} (made short here), which a
 * sign-in or an authenticated subscription cancels.
 */
class UserSignInTest {

  static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret"},
        {"id": "strict", "key": "strict-key", "secret": "strict-secret", "enableUserAuthentication": true}
      ]}""";
  static final String TIMEOUT = "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"Connection not authorized within timeout.\"}}";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_USER_AUTHENTICATION_TIMEOUT", "200"), CONFIG);
  static final PusherAuth AUTH = PusherAuth.defaultApp();
  static final PusherAuth STRICT = new PusherAuth("strict-key", "strict-secret");

  private static void assertOpen(RawWebSocket ws) {
    ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
    assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
  }

  @Test
  void aValidSigninIsAnsweredWithItsOwnDataEchoed() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      String userData = "{\"id\":\"42\",\"name\":\"Ada\"}";
      String frame = AUTH.signin(ws.socketId(), userData);
      ws.send(frame);
      String data = frame.substring(frame.indexOf("\"data\":") + 7, frame.length() - 1);
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:signin_success\",\"data\":" + data + "}");
      assertOpen(ws);
    }
  }

  @Test
  void aSigninIsHonouredWhenTheAppDoesNotRequireUserAuthentication() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(AUTH.signin(ws.socketId(), "{\"id\":\"lax\"}"));
      assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      SignedApi.forDefaultApp(server).post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"#server-to-user-lax\",\"data\":\"x\"}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"#server-to-user-lax\",\"data\":\"x\"}");
    }
  }

  @Test
  void aBadSigninSignatureCloses4009() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"1\\\"}\",\"auth\":\"app-key:bad\"}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"Connection not authorized.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void userDataWithoutAnIdCloses4009() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(AUTH.signin(ws.socketId(), "{\"name\":\"nobody\"}"));
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"The returned user data must contain the \\\"id\\\" field.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\":\"\"}", "{\"id\":0}", "{\"id\":false}", "{\"id\":null}",
      "{\"id\":{}}", "[\"id\"]"})
  void anIdThatJavaScriptFindsFalsyOrThatIsNotAValueCloses4009(String userData) {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(AUTH.signin(ws.socketId(), userData));
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"The returned user data must contain the \\\"id\\\" field.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void aNumericIdIsTheUsersIdAsText() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(AUTH.signin(ws.socketId(), "{\"id\":77}"));
      assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      SignedApi.forDefaultApp(server).post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"#server-to-user-77\",\"data\":\"n\"}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"#server-to-user-77\",\"data\":\"n\"}");
    }
  }

  @Test
  void userDataThatIsNotJsonCloses4009() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(AUTH.signin(ws.socketId(), "not json"));
      assertThat(ws.nextJson().path("data").path("code").asInt()).isEqualTo(4009);
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void anEventForAUserReachesEachOfItsSockets() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl()); RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      a.send(AUTH.signin(a.socketId(), "{\"id\":\"two-tabs\"}"));
      b.send(AUTH.signin(b.socketId(), "{\"id\":\"two-tabs\"}"));
      assertThat(a.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      assertThat(b.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      SignedApi.forDefaultApp(server).post("/apps/app-id/events",
          "{\"name\":\"hi\",\"channel\":\"#server-to-user-two-tabs\",\"data\":{\"n\":1}}");
      assertThat(a.next()).isEqualTo("{\"event\":\"hi\",\"channel\":\"#server-to-user-two-tabs\",\"data\":{\"n\":1}}");
      assertThat(b.next()).isEqualTo("{\"event\":\"hi\",\"channel\":\"#server-to-user-two-tabs\",\"data\":{\"n\":1}}");
    }
  }

  @Test
  void subscribingToAServerToUserChannelDoesNotReceiveAnotherUsersEvents() {
    try (RawWebSocket spy = RawWebSocket.established(server.wsUrl())) {
      assertThat(spy.subscribe("#server-to-user-victim")).contains("subscription_succeeded");
      SignedApi.forDefaultApp(server).post("/apps/app-id/events",
          "{\"name\":\"secret\",\"channel\":\"#server-to-user-victim\",\"data\":\"x\"}");
      assertThat(spy.poll(300)).isNull();
    }
  }

  @Test
  void withUserAuthenticationASocketThatDoesNotSignInIsClosedAfterTheTimeout() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("strict-key"))) {
      assertThat(ws.next()).isEqualTo(TIMEOUT);
      assertThat(ws.awaitClose()).isEqualTo(4009);
    }
  }

  /** Every frame until the close (the close must come). */
  private static List<String> framesUntilClosed(RawWebSocket ws) {
    int code = ws.awaitClose();
    assertThat(code).isEqualTo(4009);
    List<String> frames = new ArrayList<>();
    for (String f = ws.poll(0); f != null; f = ws.poll(0)) frames.add(f);
    return frames;
  }

  @Test
  void aPublicSubscriptionDoesNotStopTheSigninDeadline() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("strict-key"))) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"public-only\"}}");
      assertThat(framesUntilClosed(ws)).contains(TIMEOUT);
    }
  }

  @Test
  void aFailedPrivateSubscriptionDoesNotStopTheSigninDeadline() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("strict-key"))) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\"strict-key:00\"}}");
      assertThat(framesUntilClosed(ws)).contains(TIMEOUT);
    }
  }

  /**
   * With a deadline long enough to act before it (1.5 s), each socket does its part; a socket that does
   * nothing, opened last, shows when every deadline has passed.
   */
  @Test
  void aSigninOrAnAuthenticatedSubscriptionCancelsTheDeadlineAndAnAppWithoutTheFlagHasNone() {
    try (TestServer patient = TestServer.start(Map.of("SOKETI_USER_AUTHENTICATION_TIMEOUT", "1500"), CONFIG);
         RawWebSocket lax = RawWebSocket.established(patient.wsUrl());
         RawWebSocket signedIn = RawWebSocket.established(patient.wsUrl("strict-key"));
         RawWebSocket inPrivate = RawWebSocket.established(patient.wsUrl("strict-key"));
         RawWebSocket inPresence = RawWebSocket.established(patient.wsUrl("strict-key"))) {
      signedIn.send(STRICT.signin(signedIn.socketId(), "{\"id\":\"in-time\"}"));
      inPrivate.send(STRICT.subscribePrivate(inPrivate.socketId(), "private-instead"));
      inPresence.send(STRICT.subscribePresence(inPresence.socketId(), "presence-instead", "{\"user_id\":\"p\"}"));
      assertThat(signedIn.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      assertThat(inPrivate.next()).contains("subscription_succeeded");
      assertThat(inPresence.next()).contains("subscription_succeeded");
      try (RawWebSocket idle = RawWebSocket.established(patient.wsUrl("strict-key"))) {
        assertThat(idle.next()).isEqualTo(TIMEOUT);
        assertThat(idle.awaitClose()).isEqualTo(4009);
      }
      for (RawWebSocket ws : List.of(lax, signedIn, inPrivate, inPresence)) {
        assertThat(ws.poll(100)).isNull();
        assertOpen(ws);
      }
    }
  }
}
