package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.client.Pusher;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.data.Result;
import io.tidings.server.support.ChannelRecorder;
import io.tidings.server.support.PresenceRecorder;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pusher-java-client 2.4.4 against the server, with pusher-http-java 1.3.4 as the backend: connection,
 * the four channel kinds and client events, all through the real SDKs (their signatures, their
 * encryption, their parsing of our frames).
 */
class JavaClientChannelsTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));
  PusherClients sdk;

  @BeforeEach
  void clients() {
    sdk = new PusherClients(server);
  }

  @AfterEach
  void closeClients() {
    sdk.close();
  }

  @Test
  void theClientConnectsAndGetsASocketIdOfTwoNumbers() {
    Pusher client = sdk.connect("u1");
    assertThat(client.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(client.getConnection().getSocketId()).matches("\\d+\\.\\d+");
  }

  @Test
  void aPublicChannelReceivesAnEventTriggeredWithTheHttpSdk() {
    Pusher client = sdk.connect("u1");
    ChannelRecorder listener = new ChannelRecorder();
    client.subscribe("java-public", listener, "greeting");
    listener.awaitSubscribed();
    Result r = sdk.rest().trigger("java-public", "greeting", Map.of("text", "hello"));
    assertThat(r.getHttpStatus()).isEqualTo(200);
    PusherEvent e = listener.next();
    assertThat(e).isNotNull();
    assertThat(e.getEventName()).isEqualTo("greeting");
    assertThat(e.getChannelName()).isEqualTo("java-public");
    assertThat(e.getData()).isEqualTo("{\"text\":\"hello\"}");
  }

  @Test
  void aPrivateChannelSignedByTheHttpSdkSubscribesAndReceivesEvents() {
    Pusher client = sdk.connect("u1");
    ChannelRecorder listener = new ChannelRecorder();
    client.subscribePrivate("private-java", listener, "greeting");
    listener.awaitSubscribed();
    sdk.rest().trigger("private-java", "greeting", "plain text");
    // pusher-http-java JSON-encodes every data value; the string arrives as the SDK wrote it.
    assertThat(listener.next().getData()).isEqualTo("\"plain text\"");
  }

  @Test
  void aPrivateChannelSignedWithTheWrongSecretGetsAnAuthErrorAndTheConnectionStaysUp() {
    try (PusherClients wrong = new PusherClients(server, TestServer.APP_ID, TestServer.APP_KEY, "not-the-secret")) {
      Pusher client = sdk.connect(wrong.authorizer(s -> null), null);
      ChannelRecorder listener = new ChannelRecorder();
      client.subscribePrivate("private-denied", listener, "pusher:subscription_error");
      PusherEvent error = listener.next();
      assertThat(error).isNotNull();
      assertThat(error.getEventName()).isEqualTo("pusher:subscription_error");
      JsonNode data = json(error.getData());
      assertThat(data.path("type").asText()).isEqualTo("AuthError");
      assertThat(data.path("error").asText()).isEqualTo("The connection is unauthorized.");
      assertThat(data.path("status").asInt()).isEqualTo(401);
      assertThat(listener.succeeded).isEmpty();
      assertThat(client.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
    }
  }

  @Test
  void anEncryptedChannelDeliversWhatTheHttpSdkEncrypted() {
    Pusher client = sdk.connect("u1");
    ChannelRecorder listener = new ChannelRecorder();
    client.subscribePrivateEncrypted("private-encrypted-java", listener, "secret");
    listener.awaitSubscribed();
    sdk.rest().trigger("private-encrypted-java", "secret", Map.of("code", 42));
    PusherEvent e = listener.next();
    assertThat(e).as("decrypted event").isNotNull();
    assertThat(json(e.getData()).path("code").asInt()).isEqualTo(42);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void aClientEventOnAPrivateChannelReachesTheOthersButNotTheSender() {
    Pusher alice = sdk.connect("alice");
    Pusher bob = sdk.connect("bob");
    ChannelRecorder atAlice = new ChannelRecorder();
    ChannelRecorder atBob = new ChannelRecorder();
    PrivateChannel aliceChannel = alice.subscribePrivate("private-chat", atAlice, "client-typing");
    bob.subscribePrivate("private-chat", atBob, "client-typing");
    atAlice.awaitSubscribed();
    atBob.awaitSubscribed();
    aliceChannel.trigger("client-typing", "{\"who\":\"alice\"}");
    PusherEvent e = atBob.next();
    assertThat(e.getEventName()).isEqualTo("client-typing");
    assertThat(json(e.getData()).path("who").asText()).isEqualTo("alice");
    assertThat(e.getUserId()).isNull();
    assertThat(ChannelRecorder.poll(atAlice.events, 300)).as("the sender gets its own event").isNull();
  }

  @Test
  void aClientEventOnAPresenceChannelCarriesTheSendersUserId() {
    Pusher alice = sdk.connect("alice");
    Pusher bob = sdk.connect("bob");
    BlockingQueue<PusherEvent> atBob = new LinkedBlockingQueue<>();
    PresenceRecorder aliceListener = new PresenceRecorder();
    PresenceRecorder bobListener = new PresenceRecorder(atBob);
    var aliceChannel = alice.subscribePresence("presence-chat", aliceListener, "client-wave");
    bob.subscribePresence("presence-chat", bobListener, "client-wave");
    aliceListener.awaitSubscribed();
    bobListener.awaitSubscribed();
    aliceChannel.trigger("client-wave", "{}");
    PusherEvent e = ChannelRecorder.poll(atBob, 10_000);
    assertThat(e).isNotNull();
    assertThat(e.getUserId()).isEqualTo("alice");
  }

  @Test
  void aClientEventOfAnAppWithoutClientMessagesIsReportedAs4301AndTheConnectionStaysUp() {
    try (TestServer quiet = TestServer.start(Map.of());
         PusherClients quietSdk = new PusherClients(quiet)) {
      Pusher client = quietSdk.connect("u1");
      BlockingQueue<String> errors = new LinkedBlockingQueue<>();
      client.getConnection().bind(ConnectionState.ALL, new com.pusher.client.connection.ConnectionEventListener() {
        @Override public void onConnectionStateChange(com.pusher.client.connection.ConnectionStateChange change) {}

        @Override public void onError(String message, String code, Exception e) {
          errors.add(code + " " + message);
        }
      });
      ChannelRecorder listener = new ChannelRecorder();
      PrivateChannel channel = client.subscribePrivate("private-quiet", listener, "after");
      listener.awaitSubscribed();
      channel.trigger("client-typing", "{}");
      assertThat(ChannelRecorder.poll(errors, 10_000)).isEqualTo("4301 The app does not have client messaging enabled.");
      assertThat(client.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
      quietSdk.rest().trigger("private-quiet", "after", "still");
      assertThat(listener.next().getEventName()).isEqualTo("after");
    }
  }

  @Test
  void eventsTriggeredOnManyChannelsReachEachOfThem() {
    Pusher client = sdk.connect("u1");
    ChannelRecorder one = new ChannelRecorder();
    ChannelRecorder two = new ChannelRecorder();
    client.subscribe("multi-1", one, "news");
    client.subscribe("multi-2", two, "news");
    one.awaitSubscribed();
    two.awaitSubscribed();
    assertThat(sdk.rest().trigger(List.of("multi-1", "multi-2"), "news", "x").getHttpStatus()).isEqualTo(200);
    assertThat(one.next().getChannelName()).isEqualTo("multi-1");
    assertThat(two.next().getChannelName()).isEqualTo("multi-2");
  }

  static JsonNode json(String s) {
    try {
      return PusherFrames.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
