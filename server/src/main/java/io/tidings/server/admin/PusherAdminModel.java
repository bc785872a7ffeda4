package io.tidings.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.admin.model.AdminFeature;
import io.tidings.admin.model.AdminHandshake;
import io.tidings.admin.model.AdminListener;
import io.tidings.admin.model.AdminSocket;
import io.tidings.admin.model.AggregatedEvents;
import io.tidings.admin.model.InstrumentedServer;
import io.tidings.admin.model.NamespaceCount;
import io.tidings.server.channels.ConnectionActivity;
import io.tidings.server.channels.ConnectionInfo;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.channels.Subscriber;
import io.tidings.server.metrics.ServerMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's Pusher server as the Socket.IO Admin UI shows it: each app a namespace ({@code /<app id>}),
 * each connection a socket (its {@code socket_id}, on the {@code websocket} transport), its channels as
 * rooms (with its own id, the UI's private room), and in its {@code data} the user it signed in as and its
 * presence memberships ({@code {"user_id": …, "presence": {channel: {"user_id", "user_info"}}}}). It is kept from what the protocol reports
 * ({@link ConnectionActivity}), so a snapshot never waits for the event loops.
 *
 * <p>The one action is disconnecting: the connection is closed exactly as {@code terminate_connections}
 * closes it (4009, "You got disconnected by the app."), whether the UI names the socket, a channel or the
 * whole app. Joining and leaving rooms and emitting are not Pusher operations and are not offered.
 *
 * <p><b>Threading:</b> the {@link ConnectionActivity} calls come from the event loops (each connection's
 * in order); everything else from any thread. A socket's state is guarded by its own lock.
 */
public final class PusherAdminModel implements ConnectionActivity, InstrumentedServer {

  /** How {@code terminate_connections} closes a connection (Soketi's words). */
  static final int TERMINATE_CODE = 4009;
  static final String TERMINATE_MESSAGE = "You got disconnected by the app.";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One connection as the model keeps it. */
  private static final class SocketState {
    final ConnectionInfo info;
    final Set<String> channels = new LinkedHashSet<>();
    final Map<String, PresenceMember> presence = new LinkedHashMap<>();
    /** The user it signed in as, or null. */
    String user;

    SocketState(ConnectionInfo info) {
      this.info = info;
    }
  }

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SocketState>> apps = new ConcurrentHashMap<>();
  private final AggregatedEvents events = new AggregatedEvents();
  private volatile AdminListener listener = AdminListener.NONE;
  private volatile LocalApps localApps;

  /** The local state the actions reach; set once at start, before any action can arrive. */
  public void bind(LocalApps localApps) {
    this.localApps = localApps;
  }

  /** {@code metrics}, with the Pusher connections' frames and bytes counted for the UI's charts too. */
  public ServerMetrics counting(ServerMetrics metrics) {
    return new CountingMetrics(metrics, events);
  }

  static String namespace(String appId) {
    return "/" + appId;
  }

  // ---- ConnectionActivity (event loops) ----

  @Override
  public void opened(String appId, String socketId, ConnectionInfo info) {
    SocketState state = new SocketState(info);
    apps.computeIfAbsent(appId, k -> new ConcurrentHashMap<>()).put(socketId, state);
    events.add("rawConnection", null);
    AdminListener l = listener;
    if (l != AdminListener.NONE) l.socketConnected(socket(appId, socketId, state));
  }

  @Override
  public void closed(String appId, String socketId, String reason) {
    Map<String, SocketState> sockets = apps.get(appId);
    if (sockets != null) sockets.remove(socketId);
    events.add("rawDisconnection", reason);
    AdminListener l = listener;
    if (l != AdminListener.NONE) {
      l.socketDisconnected(namespace(appId), socketId, reason);
      l.roomLeft(namespace(appId), socketId, socketId);
    }
  }

  @Override
  public void subscribed(String appId, String socketId, String channel, PresenceMember member) {
    SocketState state = state(appId, socketId);
    if (state == null) return;
    synchronized (state) {
      state.channels.add(channel);
      if (member != null) state.presence.put(channel, member);
    }
    AdminListener l = listener;
    if (l == AdminListener.NONE) return;
    l.roomJoined(namespace(appId), channel, socketId);
    if (member != null) l.socketUpdated(namespace(appId), socketId, Map.of("data", data(state)));
  }

  @Override
  public void unsubscribed(String appId, String socketId, String channel) {
    SocketState state = state(appId, socketId);
    boolean wasMember = false;
    if (state != null) {
      synchronized (state) {
        state.channels.remove(channel);
        wasMember = state.presence.remove(channel) != null;
      }
    }
    AdminListener l = listener;
    if (l == AdminListener.NONE) return;
    l.roomLeft(namespace(appId), channel, socketId);
    if (wasMember) l.socketUpdated(namespace(appId), socketId, Map.of("data", data(state)));
  }

  @Override
  public void signedIn(String appId, String socketId, String userId) {
    SocketState state = state(appId, socketId);
    if (state == null) return;
    synchronized (state) {
      state.user = userId;
    }
    AdminListener l = listener;
    if (l != AdminListener.NONE) l.socketUpdated(namespace(appId), socketId, Map.of("data", data(state)));
  }

  @Override
  public void clientEvent(String appId, String socketId, String channel, String event, String dataJson) {
    AdminListener l = listener;
    if (l == AdminListener.NONE) return;
    l.eventReceived(namespace(appId), socketId, List.of(event, eventBody(channel, parsed(dataJson))));
  }

  @Override
  public void delivered(String appId, String channel, byte[] frame, String exceptSocketId) {
    AdminListener l = listener;
    LocalApps local = localApps;
    if (l == AdminListener.NONE || local == null) return;
    LocalApp app = local.get(appId);
    if (app == null) return;
    JsonNode f;
    try {
      f = JSON.readTree(frame);
    } catch (IOException e) {
      return; // frames are written by this server; one that is not JSON is not an event to show
    }
    String event = f.path("event").asText();
    Object data = f.has("data") ? JSON.convertValue(f.get("data"), Object.class) : null;
    List<Object> args = java.util.Arrays.asList(event, eventBody(channel, data));
    String nsp = namespace(appId);
    app.channels().forEach(channel, s -> {
      if (!s.socketId().equals(exceptSocketId)) l.eventSent(nsp, s.socketId(), args);
    });
  }

  // ---- InstrumentedServer (any thread) ----

  @Override
  public List<NamespaceCount> namespaces() {
    List<NamespaceCount> out = new ArrayList<>();
    apps.forEach((appId, sockets) -> out.add(new NamespaceCount(namespace(appId), sockets.size())));
    return out;
  }

  @Override
  public CompletionStage<List<AdminSocket>> sockets() {
    List<AdminSocket> out = new ArrayList<>();
    apps.forEach((appId, sockets) -> sockets.forEach((id, state) -> out.add(socket(appId, id, state))));
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public int clientsCount() {
    int n = 0;
    for (Map<String, SocketState> sockets : apps.values()) n += sockets.size();
    return n;
  }

  @Override
  public int pollingClientsCount() {
    return 0; // Pusher connections are WebSockets only
  }

  @Override
  public AggregatedEvents aggregatedEvents() {
    return events;
  }

  @Override
  public Set<AdminFeature> actions() {
    return Set.of(AdminFeature.DISCONNECT, AdminFeature.MDISCONNECT);
  }

  @Override
  public void listen(AdminListener listener) {
    this.listener = listener;
  }

  @Override
  public void join(String nsp, String room, String filter) {
    // Not offered: a Pusher client subscribes itself (and authorizes the subscription).
  }

  @Override
  public void leave(String nsp, String room, String filter) {
    // Not offered, as join.
  }

  @Override
  public void emit(String nsp, String filter, List<Object> args) {
    // Not offered: events are published through the HTTP API, with its signature.
  }

  @Override
  public void disconnect(String nsp, boolean close, String filter) {
    forEachSocket(nsp, filter, s -> s.closeWith(TERMINATE_CODE, TERMINATE_MESSAGE));
  }

  /** Runs {@code action} for this node's connections of app {@code nsp} in room {@code filter} (all when null). */
  private void forEachSocket(String nsp, String filter, Consumer<Subscriber> action) {
    LocalApps local = localApps;
    if (local == null || nsp == null || !nsp.startsWith("/")) return;
    LocalApp app = local.get(nsp.substring(1));
    if (app == null) return;
    if (filter == null) {
      app.sockets().forEach(action);
      return;
    }
    Subscriber one = app.socket(filter);
    if (one != null) {
      action.accept(one);
    } else {
      app.channels().forEach(filter, action);
    }
  }

  // ---- the socket as the UI sees it ----

  private SocketState state(String appId, String socketId) {
    Map<String, SocketState> sockets = apps.get(appId);
    return sockets == null ? null : sockets.get(socketId);
  }

  private static AdminSocket socket(String appId, String socketId, SocketState state) {
    List<String> rooms = new ArrayList<>();
    rooms.add(socketId);
    Map<String, Object> data;
    synchronized (state) {
      rooms.addAll(state.channels);
    }
    data = data(state);
    ConnectionInfo info = state.info;
    Map<String, String> query = new LinkedHashMap<>();
    int q = info.url().indexOf('?');
    if (q >= 0) {
      io.netty.handler.codec.http.QueryStringDecoder d = new io.netty.handler.codec.http.QueryStringDecoder(info.url());
      d.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    }
    AdminHandshake handshake = new AdminHandshake(AdminHandshake.clientAddress(info.headers(), info.address()),
        info.headers(), query, info.issuedMillis(), info.secure(), info.url(), info.headers().containsKey("origin"));
    return new AdminSocket(socketId, socketId, "websocket", namespace(appId), data, handshake, rooms);
  }

  private static Map<String, Object> data(SocketState state) {
    Map<String, Object> presence = new LinkedHashMap<>();
    String user;
    synchronized (state) {
      user = state.user;
      state.presence.forEach((channel, m) -> {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("user_id", JSON.convertValue(m.userId(), Object.class));
        member.put("user_info", m.info() == null ? null : JSON.convertValue(m.info(), Object.class));
        presence.put(channel, member);
      });
    }
    Map<String, Object> data = new LinkedHashMap<>();
    if (user != null) data.put("user_id", user);
    if (!presence.isEmpty()) data.put("presence", presence);
    return data;
  }

  private static Map<String, Object> eventBody(String channel, Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", channel);
    body.put("data", data);
    return body;
  }

  private static Object parsed(String json) {
    if (json == null) return null;
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      return json;
    }
  }
}
