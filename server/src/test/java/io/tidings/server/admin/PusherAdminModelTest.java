package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.admin.model.AdminListener;
import io.tidings.admin.model.AdminSocket;
import io.tidings.server.support.ChannelAuth;
import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pusher server as the admin UI reads it (apps as namespaces, connections as sockets, channels as
 * rooms, presence members in the socket's data, events as they flow) and the one action it offers
 * (disconnect, as {@code terminate_connections} does), with real connections on a real node.
 */
class PusherAdminModelTest {

  /** "changeit", as in the admin UI's README. */
  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(
      "SOKETI_ADMIN_UI_ENABLED", "true",
      "SOKETI_ADMIN_UI_PASSWORD_HASH", CHANGEIT,
      "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));

  final Recorder recorded = new Recorder();
  PusherAdminModel model;

  @BeforeEach
  void listen() {
    model = server.server().adminModel();
    model.listen(recorded);
  }

  @Test
  void aConnectionIsASocketOfItsAppsNamespaceWithItsChannelsAsRoomsAndItsPresenceInItsData() throws Exception {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      String id = ws.socketId();
      ws.subscribe("news");
      ChannelAuth.subscribePresence(ws, "presence-lobby", "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> find(id) != null && find(id).rooms().size() == 3);
      AdminSocket s = find(id);
      assertThat(s.nsp()).isEqualTo("/app-id");
      assertThat(s.clientId()).isEqualTo(id);
      assertThat(s.transport()).isEqualTo("websocket");
      assertThat(s.rooms()).containsExactly(id, "news", "presence-lobby");
      assertThat(s.data()).isEqualTo(Map.of("presence",
          Map.of("presence-lobby", Map.of("user_id", "alice", "user_info", Map.of("name", "Alice")))));
      assertThat(s.handshake().address()).isEqualTo("127.0.0.1");
      assertThat(s.handshake().url()).startsWith("/app/app-key");
      assertThat(s.handshake().headers()).containsKey("sec-websocket-key");
      assertThat(model.namespaces()).anySatisfy(n -> {
        assertThat(n.name()).isEqualTo("/app-id");
        assertThat(n.socketsCount()).isPositive();
      });
      assertThat(recorded.next("socket_connected", id)).isEqualTo("socket_connected /app-id " + id);
      assertThat(recorded.next("room_joined", id)).isEqualTo("room_joined /app-id news " + id);
      assertThat(recorded.next("room_joined", id)).isEqualTo("room_joined /app-id presence-lobby " + id);
      assertThat(recorded.next("socket_updated", id)).isEqualTo("socket_updated /app-id " + id
          + " {data={presence={presence-lobby={user_id=alice, user_info={name=Alice}}}}}");
    }
  }

  @Test
  void aSignedInConnectionShowsItsUserInItsData() throws Exception {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send(PusherAuth.defaultApp().signin(ws.socketId(), "{\"id\":\"u-42\"}"));
      assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      await().atMost(Duration.ofSeconds(10)).until(() -> find(ws.socketId()) != null
          && "u-42".equals(find(ws.socketId()).data().get("user_id")));
      assertThat(recorded.next("socket_updated", ws.socketId())).isEqualTo("socket_updated /app-id " + ws.socketId() + " {data={user_id=u-42}}");
    }
  }

  @Test
  void clientEventsAreReceivedAndApiEventsAreSentToEachSubscriber() throws Exception {
    try (RawWebSocket sender = RawWebSocket.established(server.wsUrl());
         RawWebSocket reader = RawWebSocket.established(server.wsUrl())) {
      String channel = "private-chat";
      ChannelAuth.subscribePrivate(sender, channel);
      ChannelAuth.subscribePrivate(reader, channel);
      recorded.events.clear();
      sender.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"s\"}}");
      assertThat(recorded.next("event_received", sender.socketId())).isEqualTo(
          "event_received /app-id " + sender.socketId() + " [client-typing, {channel=private-chat, data={who=s}}]");
      assertThat(recorded.next("event_sent", reader.socketId())).isEqualTo(
          "event_sent /app-id " + reader.socketId() + " [client-typing, {channel=private-chat, data={who=s}}]");
      new PusherClients(server).rest().trigger(channel, "news", Map.of("n", 1));
      List<String> sent = List.of(recorded.next("event_sent"), recorded.next("event_sent"));
      assertThat(sent).containsExactlyInAnyOrder(
          "event_sent /app-id " + sender.socketId() + " [news, {channel=private-chat, data={\"n\":1}}]",
          "event_sent /app-id " + reader.socketId() + " [news, {channel=private-chat, data={\"n\":1}}]");
    }
  }

  @Test
  void disconnectingASocketClosesItAsTerminateConnectionsDoes() throws Exception {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl());
         RawWebSocket other = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("room-a");
      recorded.events.clear();
      model.disconnect("/app-id", false, ws.socketId());
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"You got disconnected by the app.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4009);
      assertThat(recorded.next("socket_disconnected", ws.socketId())).isEqualTo(
          "socket_disconnected /app-id " + ws.socketId() + " server namespace disconnect");
      await().atMost(Duration.ofSeconds(10)).until(() -> find(ws.socketId()) == null);
      other.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(other.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }

  @Test
  void disconnectingAChannelClosesItsSubscribersOnly() throws Exception {
    try (RawWebSocket in = RawWebSocket.established(server.wsUrl());
         RawWebSocket out = RawWebSocket.established(server.wsUrl())) {
      in.subscribe("doomed");
      model.disconnect("/app-id", false, "doomed");
      assertThat(in.awaitClose()).isEqualTo(4009);
      out.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(out.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }

  @Test
  void aClientThatLeavesIsATransportClose() throws Exception {
    String id;
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      id = ws.socketId();
      recorded.events.clear();
    }
    assertThat(recorded.next("socket_disconnected", id)).isEqualTo("socket_disconnected /app-id " + id + " transport close");
  }

  @Test
  void framesAndConnectionsAreCountedPerSecondForTheCharts() throws Exception {
    model.aggregatedEvents().drain();
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      ws.next();
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<String> types = new ArrayList<>();
      model.aggregatedEvents().drain().forEach(c -> types.add(c.type()));
      assertThat(types).contains("rawConnection", "packetsIn", "bytesIn", "packetsOut", "bytesOut");
    });
  }

  AdminSocket find(String id) {
    return model.sockets().toCompletableFuture().join().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  /** Each event as one line, in arrival order. */
  static final class Recorder implements AdminListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    String take() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an admin event within 10 s").isNotNull();
      return e;
    }

    /** The next event of {@code kind}, skipping others. */
    String next(String kind) throws InterruptedException {
      while (true) {
        String e = take();
        if (e.startsWith(kind + " ")) return e;
      }
    }

    /**
     * The next event of {@code kind} about socket {@code id}, skipping others (an earlier test's socket may
     * still be closing).
     */
    String next(String kind, String id) throws InterruptedException {
      while (true) {
        String e = next(kind);
        if (e.contains(" " + id)) return e;
      }
    }

    @Override public void socketConnected(AdminSocket socket) { events.add("socket_connected " + socket.nsp() + " " + socket.id()); }
    @Override public void socketUpdated(String nsp, String id, Map<String, Object> fields) { events.add("socket_updated " + nsp + " " + id + " " + fields); }
    @Override public void socketDisconnected(String nsp, String id, String reason) { events.add("socket_disconnected " + nsp + " " + id + " " + reason); }
    @Override public void roomJoined(String nsp, String room, String id) { events.add("room_joined " + nsp + " " + room + " " + id); }
    @Override public void roomLeft(String nsp, String room, String id) { events.add("room_left " + nsp + " " + room + " " + id); }
    @Override public void eventReceived(String nsp, String id, List<Object> args) { events.add("event_received " + nsp + " " + id + " " + args); }
    @Override public void eventSent(String nsp, String id, List<Object> args) { events.add("event_sent " + nsp + " " + id + " " + args); }
  }
}
