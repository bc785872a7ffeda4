package io.tidings.server.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.Subscriber;
import io.tidings.server.channels.Subscription;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.ratelimit.RateLimiter;
import io.tidings.transport.websocket.WebSocketConnection;
import io.tidings.transport.websocket.WebSocketHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * One Pusher WebSocket connection and everything the protocol keeps about it, over the transport's
 * {@link WebSocketConnection} (which owns the write path, back-pressure and the close).
 *
 * <pre>
 *   upgrade ──► OPEN ──(pusher:subscribe / signin / client-* / ping)──► OPEN
 *                 │
 *                 ├── closeWith(code): [pusher:error] + close frame ──► CLOSING ──► closed
 *                 └── TCP gone / close frame from client ─────────────────────────► closed
 *   closed: every subscription is left (cluster told), the socket is unregistered.
 * </pre>
 *
 * <p><b>Threading:</b> confined to its event loop ({@link #eventLoop()}). Only {@link #send(byte[])} and
 * {@link #closeWith} may be called from another thread; they hop onto the loop.
 */
public final class PusherConnection implements WebSocketHandler, Subscriber {

  private final WebSocketConnection ws;
  private final PusherProtocol protocol;
  private final LocalApp app;
  private final String socketId;
  private final ServerMetrics metrics;

  /** Channel name → subscription. */
  final Map<String, Subscription> subscriptions = new HashMap<>(4);
  /** The signed-in user, or null. */
  String userId;
  Subscription userEntry;
  ScheduledFuture<?> authTimeout;
  /** Client-event rate window. */
  final RateLimiter clientEvents = new RateLimiter();
  /** Index in the loop's connection list (idle sweeps); -1 when not in it. */
  int sweepSlot = -1;
  /** Set when this server closed the connection (rather than the client or the network). Loop only. */
  boolean closedByServer;

  PusherConnection(WebSocketConnection ws, PusherProtocol protocol, LocalApp app, String socketId, ServerMetrics metrics) {
    this.ws = ws;
    this.protocol = protocol;
    this.app = app;
    this.socketId = socketId;
    this.metrics = metrics;
  }

  /** The transport's connection: what a broadcast reaches. */
  @Override
  public WebSocketConnection recipient() {
    return ws;
  }

  public EventLoop eventLoop() {
    return ws.eventLoop();
  }

  public int loopIndex() {
    return ws.loopIndex();
  }

  @Override
  public String socketId() {
    return socketId;
  }

  public LocalApp app() {
    return app;
  }

  /** The signed-in user id, or null. */
  public String userId() {
    return userId;
  }

  /** The presence member this socket is in {@code channel} as, or null. Loop only. */
  public JsonNode presenceUserId(String channelName) {
    Subscription s = subscriptions.get(channelName);
    return s == null || s.member() == null ? null : s.member().userId();
  }

  /** True when subscribed to {@code channelName}. Loop only. */
  public boolean isSubscribed(String channelName) {
    return subscriptions.containsKey(channelName);
  }

  /** True once the connection is closing; nothing more is sent. */
  public boolean closing() {
    return ws.isClosing();
  }

  /** When something last went out or came in ({@link System#nanoTime}). Loop only. */
  long lastActivityNanos() {
    return ws.lastActivityNanos();
  }

  /**
   * Sends one frame whose JSON is {@code json}. From any thread.
   *
   * @return false when the frame was dropped (connection closing or too slow; counted by the transport)
   */
  public boolean send(byte[] json) {
    if (!ws.eventLoop().inEventLoop()) {
      ws.eventLoop().execute(() -> send(json));
      return true;
    }
    if (!ws.sendText(json)) return false;
    metrics.wsMessagesSent(app.app().id(), 1, json.length);
    return true;
  }

  /**
   * Closes the connection: a {@code pusher:error} frame with {@code code} and {@code message} when the
   * message is not null, then a close frame with {@code code} and no reason, as Soketi's
   * {@code ws.end(code)} (pusher-js hands a reason to the app as the {@code message} of its error event).
   * Gracefully (our FIN, then a linger): see {@link WebSocketConnection#close}. From any thread; idempotent.
   */
  @Override
  public void closeWith(int code, String message) {
    if (!ws.eventLoop().inEventLoop()) {
      ws.eventLoop().execute(() -> closeWith(code, message));
      return;
    }
    if (closing()) return;
    closedByServer = true;
    if (message != null) ws.sendText(PusherFrames.error(code, message));
    ws.close(code, "");
  }

  @Override
  public void onText(WebSocketConnection connection, ByteBuf content) {
    protocol.onText(this, content);
  }

  @Override
  public void onBinary(WebSocketConnection connection, ByteBuf content) {
    protocol.onBinary(this);
  }

  @Override
  public void onClose(WebSocketConnection connection) {
    protocol.onClose(this);
  }

  @Override
  public String toString() {
    return "PusherConnection[" + socketId + " app=" + app.app().id() + "]";
  }
}
