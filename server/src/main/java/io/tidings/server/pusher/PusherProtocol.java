package io.tidings.server.pusher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.tidings.server.app.App;
import io.tidings.server.channels.ConnectionActivity;
import io.tidings.server.channels.ConnectionInfo;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.Subscriber;
import io.tidings.server.cluster.ClusterListener;
import io.tidings.server.context.ServerContext;
import io.tidings.transport.websocket.WebSocketConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pusher protocol v7 as Soketi 1.6 serves it: accepting a connection, dispatching its frames, and
 * cleaning up when it closes. Malformed frames get a {@code pusher:error} on that connection only.
 *
 * <p><b>Threading:</b> every method runs on the connection's event loop.
 */
public final class PusherProtocol {

  private static final Logger log = LoggerFactory.getLogger(PusherProtocol.class);
  /** Soketi advertises 30 seconds. */
  static final int ACTIVITY_TIMEOUT_SECONDS = 30;
  /** What a live socket is told when the server shuts down under it. */
  static final String SERVER_CLOSED = "Server closed. Please reconnect shortly.";

  private final ServerContext ctx;
  private final ChannelSubscriptions subscriptions;
  private final ClientEvents clientEvents;
  private final UserSignIn signIn;
  private final IdleSweeper idle;
  private final SocketIds socketIds = new SocketIds();
  private final ClusterDeliveries fromCluster;

  public PusherProtocol(ServerContext ctx) {
    this.ctx = ctx;
    this.subscriptions = new ChannelSubscriptions(ctx);
    this.clientEvents = new ClientEvents(ctx);
    this.signIn = new UserSignIn(ctx);
    this.idle = new IdleSweeper(ctx.loops(), ctx.config().webSocket().idleTimeout());
    this.fromCluster = new ClusterDeliveries(ctx.localApps(), subscriptions);
  }

  /** What the cluster brings to this node's sockets: events, member frames, presence replies, terminations. */
  public ClusterListener clusterListener() {
    return fromCluster;
  }

  /**
   * A WebSocket was upgraded for {@code appKey}; {@code app} is what the app manager found (null when
   * unknown). Returns the connection, or null when it was refused (and is being closed).
   */
  public PusherConnection open(WebSocketConnection ws, String appKey, App app) {
    return open(ws, appKey, app, null);
  }

  /**
   * As {@link #open(WebSocketConnection, String, App)}; {@code info} (how the client connected, may be null)
   * goes to whoever watches the connections.
   */
  public PusherConnection open(WebSocketConnection ws, String appKey, App app, ConnectionInfo info) {
    if (ctx.isClosing()) {
      return refuse(ws, 4200, "Server is closing. Please reconnect shortly.");
    }
    if (app == null) {
      return refuse(ws, 4001, "App key " + appKey + " does not exist.");
    }
    if (!app.enabled()) {
      return refuse(ws, 4003, "The app is not enabled.");
    }
    LocalApp local = ctx.localApps().of(app);
    if (app.limitsConnections()
        && local.connections() + ctx.cluster().otherNodesConnections(app.id()) + 1 > app.maxConnections()) {
      return refuse(ws, 4100, "The current concurrent connections quota has been reached.");
    }
    PusherConnection c = new PusherConnection(ws, this, local, socketIds.next(), ctx.metrics());
    local.add(c);
    ctx.metrics().connectionOpened(app.id());
    idle.add(c);
    ConnectionActivity activity = ctx.localApps().activity();
    if (activity != ConnectionActivity.NONE) {
      activity.opened(app.id(), c.socketId(), info != null ? info : ConnectionInfo.unknown(ws.remoteAddress()));
    }
    c.send(PusherFrames.connectionEstablished(c.socketId(), ACTIVITY_TIMEOUT_SECONDS));
    signIn.startDeadline(c);
    return c;
  }

  /** A text frame arrived (the transport marked the connection active). The caller releases {@code content}. */
  public void onText(PusherConnection c, ByteBuf content) {
    int bytes = content.readableBytes();
    ctx.metrics().wsMessageReceived(c.app().app().id(), bytes);
    JsonNode frame;
    try {
      frame = PusherFrames.JSON.readTree(new io.netty.buffer.ByteBufInputStream(content));
    } catch (JsonProcessingException e) {
      reject(c, "json", "Invalid JSON: the frame could not be parsed.");
      return;
    } catch (IOException e) {
      reject(c, "json", "The frame could not be read.");
      return;
    }
    if (ctx.config().debug()) {
      log.info("frame from {}: {}", c.socketId(), content.toString(0, Math.min(bytes, 2048), StandardCharsets.UTF_8));
    }
    if (frame == null || !frame.isObject()) {
      reject(c, "shape", "A frame must be a JSON object.");
      return;
    }
    JsonNode eventNode = frame.get("event");
    if (eventNode == null || !eventNode.isTextual()) {
      reject(c, "shape", "The event field must be a string.");
      return;
    }
    String event = eventNode.asText();
    switch (event) {
      case "pusher:ping" -> {
        c.send(PusherFrames.pong());
        // A ping that races the shutdown sweep: answered, then closed as the sweep would (Soketi does this).
        if (ctx.isClosing()) c.closeWith(4200, SERVER_CLOSED);
      }
      case "pusher:pong" -> { /* the activity mark above is all a pong is for */ }
      case "pusher:subscribe" -> {
        JsonNode data = objectData(frame);
        if (data == null || !data.path("channel").isTextual()) {
          reject(c, "shape", "pusher:subscribe needs data with a channel name.");
        } else {
          subscriptions.subscribe(c, data);
        }
      }
      case "pusher:unsubscribe" -> {
        JsonNode data = objectData(frame);
        if (data == null || !data.path("channel").isTextual()) {
          reject(c, "shape", "pusher:unsubscribe needs data with a channel name.");
        } else {
          subscriptions.unsubscribe(c, data.path("channel").asText());
        }
      }
      case "pusher:signin" -> {
        JsonNode data = objectData(frame);
        if (data == null) {
          reject(c, "shape", "pusher:signin needs data with user_data and auth.");
        } else {
          signIn.signIn(c, data);
        }
      }
      default -> {
        if (event.startsWith("client-")) {
          clientEvents.handle(c, event, frame);
        } else {
          reject(c, "event", "Unsupported event: " + (event.length() > 64 ? event.substring(0, 64) + "…" : event));
        }
      }
    }
  }

  /** A binary frame arrived; the protocol is text-only. */
  public void onBinary(PusherConnection c) {
    reject(c, "binary", "Binary frames are not supported.");
  }

  /** The connection closed, however it happened. */
  public void onClose(PusherConnection c) {
    idle.remove(c);
    subscriptions.unsubscribeAll(c);
    signIn.signOut(c);
    if (c.app().remove(c)) {
      ctx.metrics().connectionClosed(c.app().app().id());
      // Socket.IO's reasons, which the admin UI shows: the server's own close, or the client's side going.
      ctx.localApps().activity().closed(c.app().app().id(), c.socketId(),
          c.closedByServer ? "server namespace disconnect" : "transport close");
    }
  }

  /** Shutdown: every local socket gets 4200 and is closed. Any thread. */
  public void closeAll() {
    for (LocalApp app : ctx.localApps().all()) {
      for (Subscriber c : app.sockets()) c.closeWith(4200, SERVER_CLOSED);
    }
  }

  /**
   * The app manager reports that app {@code id} changed ({@code app} is its new version) or was deleted
   * ({@code app} null). Live connections follow: a deleted app's, or one whose key changed, are closed
   * with 4001 (their key no longer exists), a disabled app's with 4003; otherwise they keep running
   * under the new settings. Any thread.
   */
  public void appChanged(String id, App app) {
    LocalApp local = ctx.localApps().get(id);
    if (local == null) return;
    App before = local.app();
    if (app == null || !app.key().equals(before.key())) {
      String message = "App key " + before.key() + " does not exist.";
      for (Subscriber c : local.sockets()) c.closeWith(4001, message);
      if (app != null) local.update(app);
      return;
    }
    local.update(app);
    if (!app.enabled()) {
      for (Subscriber c : local.sockets()) c.closeWith(4003, "The app is not enabled.");
    }
  }

  /**
   * The app could not be looked up because the app store is unreachable: the upgraded socket gets
   * {@code pusher:error} 4100 (Pusher clients retry with backoff) and is closed. Returns null (no
   * connection).
   */
  public PusherConnection refuseAppStoreUnreachable(WebSocketConnection ws) {
    return refuse(ws, 4100, "The app store is unreachable. Please reconnect shortly.");
  }

  private void reject(PusherConnection c, String reason, String message) {
    ctx.metrics().badFrame(reason);
    c.send(PusherFrames.error(null, message));
  }

  /** {@code data} as an object; a string holding a JSON object is accepted too (older clients send that). */
  private static JsonNode objectData(JsonNode frame) {
    JsonNode data = frame.get("data");
    if (data != null && data.isTextual()) {
      try {
        data = PusherFrames.JSON.readTree(data.asText());
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    return data != null && data.isObject() ? data : null;
  }

  /**
   * Refuses a connection that never became a {@link PusherConnection}: error frame, then a close frame
   * with the code and no reason (as Soketi's {@code ws.end(code)}). Returns null, for {@link #open}.
   */
  private static PusherConnection refuse(WebSocketConnection ws, int code, String message) {
    ws.sendText(PusherFrames.error(code, message));
    ws.close(code, "");
    return null;
  }
}
