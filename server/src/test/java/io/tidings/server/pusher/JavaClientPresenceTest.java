package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import io.tidings.server.support.ChannelRecorder;
import io.tidings.server.support.PresenceRecorder;
import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence channels through pusher-java-client (member list, me, member_added and member_removed as
 * the SDK reports them) and through raw frames where the JSON types of user ids matter.
 */
class JavaClientPresenceTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of());
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
  void theMemberListHoldsEveryUserAndMeIsTheSubscriber() {
    Pusher alice = sdk.connect("alice");
    Pusher bob = sdk.connect("bob");
    PresenceRecorder atAlice = new PresenceRecorder();
    PresenceRecorder atBob = new PresenceRecorder();
    alice.subscribePresence("presence-room-list", atAlice);
    atAlice.awaitSubscribed();
    PresenceChannel channel = bob.subscribePresence("presence-room-list", atBob);
    atBob.awaitSubscribed();
    Set<String> ids = channel.getUsers().stream().map(User::getId).collect(Collectors.toSet());
    assertThat(ids).containsExactlyInAnyOrder("alice", "bob");
    assertThat(channel.getMe().getId()).isEqualTo("bob");
    assertThat(channel.getMe().getInfo()).isEqualTo("{\"name\":\"user bob\"}");
    assertThat(ChannelRecorder.poll(atAlice.added, 10_000)).isEqualTo("bob");
  }

  @Test
  void memberAddedIsSentOnlyForAUsersFirstSocket() {
    Pusher watcher = sdk.connect("watcher");
    PresenceRecorder watching = new PresenceRecorder();
    watcher.subscribePresence("presence-room-added", watching, "marker");
    watching.awaitSubscribed();
    PresenceRecorder first = new PresenceRecorder();
    sdk.connect("bob").subscribePresence("presence-room-added", first);
    first.awaitSubscribed();
    assertThat(ChannelRecorder.poll(watching.added, 10_000)).isEqualTo("bob");
    PresenceRecorder second = new PresenceRecorder();
    sdk.connect("bob").subscribePresence("presence-room-added", second);
    second.awaitSubscribed();
    // A marker published after the second join arrives after any member frame that join caused.
    sdk.rest().trigger("presence-room-added", "marker", "m");
    assertThat(ChannelRecorder.poll(watching.events, 10_000)).extracting(PusherEvent::getEventName).isEqualTo("marker");
    assertThat(watching.added).as("member_added for bob's second socket").isEmpty();
  }

  @Test
  void memberRemovedIsSentOnlyWhenTheUsersLastSocketLeaves() {
    Pusher watcher = sdk.connect("watcher");
    PresenceRecorder watching = new PresenceRecorder();
    watcher.subscribePresence("presence-room-removed", watching, "marker");
    watching.awaitSubscribed();
    Pusher bob1 = sdk.connect("bob");
    Pusher bob2 = sdk.connect("bob");
    PresenceRecorder l1 = new PresenceRecorder();
    PresenceRecorder l2 = new PresenceRecorder();
    bob1.subscribePresence("presence-room-removed", l1);
    bob2.subscribePresence("presence-room-removed", l2);
    l1.awaitSubscribed();
    l2.awaitSubscribed();
    bob1.disconnect();
    awaitSubscriptionCount("presence-room-removed", 2);
    sdk.rest().trigger("presence-room-removed", "marker", "m");
    assertThat(ChannelRecorder.poll(watching.events, 10_000)).extracting(PusherEvent::getEventName).isEqualTo("marker");
    assertThat(watching.removed).as("member_removed while bob has a socket left").isEmpty();
    bob2.disconnect();
    assertThat(ChannelRecorder.poll(watching.removed, 10_000)).isEqualTo("bob");
  }

  @Test
  void numericAndStringUserIdsKeepTheirJsonTypesInEveryPresenceFrame() {
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket john = RawWebSocket.established(server.wsUrl());
         RawWebSocket alice = RawWebSocket.established(server.wsUrl())) {
      john.send(auth.subscribePresence(john.socketId(), "presence-r1", "{\"user_id\":1,\"user_info\":{\"name\":\"John\"}}"));
      assertThat(john.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-r1\","
          + "\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[1],\\\"hash\\\":{\\\"1\\\":{\\\"name\\\":\\\"John\\\"}},\\\"count\\\":1}}\"}");
      alice.send(auth.subscribePresence(alice.socketId(), "presence-r1", "{\"user_id\":\"2\",\"user_info\":{\"name\":\"Alice\"}}"));
      assertThat(alice.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-r1\","
          + "\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[1,\\\"2\\\"],\\\"hash\\\":{\\\"1\\\":{\\\"name\\\":\\\"John\\\"},"
          + "\\\"2\\\":{\\\"name\\\":\\\"Alice\\\"}},\\\"count\\\":2}}\"}");
      assertThat(john.next()).isEqualTo("{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-r1\","
          + "\"data\":\"{\\\"user_id\\\":\\\"2\\\",\\\"user_info\\\":{\\\"name\\\":\\\"Alice\\\"}}\"}");
      var users = SignedApi.forDefaultApp(server).get("/apps/app-id/channels/presence-r1/users");
      assertThat(users.body()).isEqualTo("{\"users\":[{\"id\":1},{\"id\":\"2\"}]}");
      john.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"presence-r1\"}}");
      assertThat(alice.next()).isEqualTo("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-r1\","
          + "\"data\":\"{\\\"user_id\\\":1}\"}");
    }
  }

  @Test
  void aMemberWithoutUserInfoIsListedInIdsButNotInHash() {
    PusherAuth auth = PusherAuth.defaultApp();
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(auth.subscribePresence(ws.socketId(), "presence-no-info", "{\"user_id\":\"x\"}"));
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-no-info\","
          + "\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[\\\"x\\\"],\\\"hash\\\":{},\\\"count\\\":1}}\"}");
    }
  }

  @Test
  void theJavaClientListsANumericUserIdAsItsText() {
    Pusher numeric = sdk.connect(sdk.authorizer(s -> new com.pusher.rest.data.PresenceUser(7, Map.of("n", 7))), null);
    PresenceRecorder l = new PresenceRecorder();
    PresenceChannel channel = numeric.subscribePresence("presence-numeric", l);
    l.awaitSubscribed();
    assertThat(channel.getUsers()).extracting(User::getId).containsExactly("7");
    assertThat(channel.getMe().getId()).isEqualTo("7");
  }

  private void awaitSubscriptionCount(String channel, int count) {
    SignedApi api = SignedApi.forDefaultApp(server);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
        api.get("/apps/app-id/channels/" + channel).body().contains("\"subscription_count\":" + count + ","));
  }
}
