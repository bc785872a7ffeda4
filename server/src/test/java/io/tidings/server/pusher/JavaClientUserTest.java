package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.UserAuthenticator;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.SignatureUtil;
import com.pusher.rest.data.Result;
import io.tidings.server.support.ChannelRecorder;
import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * User sign-in through pusher-java-client ({@code pusher.signin()}), delivery to a signed-in user, and
 * {@code terminate_connections}. pusher-http-java 1.3.4 has no {@code authenticateUser},
 * {@code sendToUser} or {@code terminateUserConnections}: the sign-in is signed with its HMAC exactly as
 * the protocol says ({@code socket_id::user::user_data}), and the other two are its signed
 * {@code post} to the endpoints the newer SDKs call.
 */
class JavaClientUserTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_DEFAULT_APP_USER_AUTHENTICATION", "true"));
  PusherClients sdk;

  @BeforeEach
  void clients() {
    sdk = new PusherClients(server);
  }

  @AfterEach
  void closeClients() {
    sdk.close();
  }

  /** Signs {@code {"id":userId}} for the socket, as a backend's user-authentication endpoint would. */
  static UserAuthenticator userAuthenticator(String userId) {
    return socketId -> {
      String userData = "{\"id\":\"" + userId + "\",\"name\":\"" + userId + "\"}";
      String auth = TestServer.APP_KEY + ":" + SignatureUtil.sign(socketId + "::user::" + userData, TestServer.APP_SECRET);
      return "{\"auth\":\"" + auth + "\",\"user_data\":" + PusherAuth.quote(userData) + "}";
    };
  }

  private Pusher signedIn(String userId) {
    Pusher p = sdk.connectSigningIn(userAuthenticator(userId));
    await().atMost(Duration.ofSeconds(10)).until(() -> userId.equals(p.user().userId()));
    return p;
  }

  @Test
  void aSignedInJavaClientReceivesEventsSentToItsUser() {
    Pusher client = signedIn("u1");
    BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
    client.user().bind("greeting", events::add);
    Result r = sdk.rest().post("/events",
        "{\"name\":\"greeting\",\"channel\":\"#server-to-user-u1\",\"data\":\"{\\\"hi\\\":1}\"}");
    assertThat(r.getHttpStatus()).isEqualTo(200);
    PusherEvent e = ChannelRecorder.poll(events, 10_000);
    assertThat(e).isNotNull();
    assertThat(e.getData()).isEqualTo("{\"hi\":1}");
  }

  @Test
  void anEventSentToAUserReachesNoOtherUser() {
    Pusher other = signedIn("u-other");
    BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
    other.user().bind("greeting", events::add);
    sdk.rest().post("/events", "{\"name\":\"greeting\",\"channel\":\"#server-to-user-u-nobody\",\"data\":\"x\"}");
    sdk.rest().post("/events", "{\"name\":\"greeting\",\"channel\":\"#server-to-user-u-other\",\"data\":\"mine\"}");
    assertThat(ChannelRecorder.poll(events, 10_000).getData()).isEqualTo("mine");
    assertThat(events).isEmpty();
  }

  @Test
  void terminateConnectionsClosesEverySocketOfThatUserWith4009AndNoOther() {
    BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    Pusher client = signedIn("u2");
    client.getConnection().bind(ConnectionState.ALL, new ConnectionEventListener() {
      @Override public void onConnectionStateChange(ConnectionStateChange change) {
        states.add(change.getCurrentState());
      }

      @Override public void onError(String message, String code, Exception e) {
        errors.add(code + " " + message);
      }
    });
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket same = RawWebSocket.established(server.wsUrl());
         RawWebSocket other = RawWebSocket.established(server.wsUrl())) {
      same.send(auth.signin(same.socketId(), "{\"id\":\"u2\"}"));
      assertThat(same.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      other.send(auth.signin(other.socketId(), "{\"id\":\"u3\"}"));
      assertThat(other.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");

      Result r = sdk.rest().post("/users/u2/terminate_connections", "{}");
      assertThat(r.getHttpStatus()).isEqualTo(200);
      assertThat(r.getMessage()).isEqualTo("{\"ok\":true}");

      assertThat(same.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"You got disconnected by the app.\"}}");
      assertThat(same.awaitClose()).isEqualTo(4009);
      assertThat(ChannelRecorder.poll(errors, 10_000)).isEqualTo("4009 You got disconnected by the app.");
      await().atMost(Duration.ofSeconds(10)).until(() -> client.getConnection().getState() == ConnectionState.DISCONNECTED);

      other.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(other.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }
}
