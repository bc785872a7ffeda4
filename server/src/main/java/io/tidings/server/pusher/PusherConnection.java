package io.tidings.server.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LoopFlusher;
import io.tidings.server.channels.Subscription;
import io.tidings.server.metrics.ServerMetrics;
import java.util.HashMap;
import java.util.Map;

/**
 * One Pusher WebSocket connection and everything the protocol keeps about it.
 *
 * <pre>
 *   upgrade ──► OPEN ──(pusher:subscribe / signin / client-* / ping)──► OPEN
 *                 │
 *                 ├── closeWith(code): [pusher:error] + close frame ──► CLOSING ──► closed
 *                 └── TCP gone / close frame from client ─────────────────────────► closed
 *   closed: every subscription is left (cluster told), the socket is unregistered.
 * </pre>
 *
 * <p><b>Threading:</b> confined to its event loop ({@link #channel()}'s). Only {@link #send(byte[])} and
 * {@link #closeWith} may be called from another thread; they hop onto the loop.
 */
public final class PusherConnection {

  /** How long a connection closed by the server may take to close its side after our close frame. */
  static final long CLOSE_LINGER_MILLIS = 1000;

  private final Channel channel;
  private final int loopIndex;
  private final LoopFlusher flusher;
  private final LocalApp app;
  private final String socketId;
  private final ServerMetrics metrics;

  /** Set and cleared by the loop's {@link LoopFlusher}. */
  public boolean flushPending;
  /** Channel name → subscription. */
  final Map<String, Subscription> subscriptions = new HashMap<>(4);
  /** The signed-in user, or null. */
  String userId;
  Subscription userEntry;
  long lastActivityNanos = System.nanoTime();
  ScheduledFuture<?> authTimeout;
  /** Client-event rate window. */
  final io.tidings.server.ratelimit.RateLimiter clientEvents = new io.tidings.server.ratelimit.RateLimiter();
  private boolean closing;
  /** Index in the loop's connection list (idle sweeps); -1 when not in it. */
  int sweepSlot = -1;
  /**
   * Where already-encoded frames enter the pipeline: the WebSocket encoder's context, so that a write or
   * a flush goes straight on to the transport (through TLS when there is TLS) instead of walking every
   * handler from the tail and through the encoder, which only passes raw buffers on. The profile of a
   * 1,000-subscriber fan-out showed that walk as the largest Java cost per delivery. The channel itself
   * when there is no such encoder. Looked up on first use.
   */
  private ChannelOutboundInvoker rawOut;

  PusherConnection(Channel channel, int loopIndex, LoopFlusher flusher, LocalApp app, String socketId,
      ServerMetrics metrics) {
    this.channel = channel;
    this.loopIndex = loopIndex;
    this.flusher = flusher;
    this.app = app;
    this.socketId = socketId;
    this.metrics = metrics;
  }

  public Channel channel() {
    return channel;
  }

  public int loopIndex() {
    return loopIndex;
  }

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
    return closing || !channel.isActive();
  }

  /**
   * Sends one frame whose JSON is {@code json}. From any thread.
   *
   * @return false when the frame was dropped (connection closing or too slow)
   */
  public boolean send(byte[] json) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> send(json));
      return true;
    }
    if (closing()) {
      metrics.frameDropped(app.app().id());
      return false;
    }
    ByteBuf frame = WebSocketFrames.text(ByteBufAllocator.DEFAULT, json);
    if (!writable()) {
      frame.release();
      return false;
    }
    rawOut().write(frame, channel.voidPromise());
    flusher.markDirty(this);
    lastActivityNanos = System.nanoTime();
    metrics.wsMessagesSent(app.app().id(), 1, json.length);
    return true;
  }

  /**
   * Writes a shared, already-encoded frame (a broadcast). On the loop. The caller keeps its reference;
   * this takes a retained duplicate.
   *
   * @return false when dropped
   */
  public boolean sendShared(ByteBuf frame) {
    if (closing()) return false;
    if (!writable()) return false;
    rawOut().write(frame.retainedDuplicate(), channel.voidPromise());
    flusher.markDirty(this);
    lastActivityNanos = System.nanoTime();
    return true;
  }

  /** Flushes the frames written by {@link #send} and {@link #sendShared}. On the loop ({@link LoopFlusher}). */
  public void flushFrames() {
    rawOut().flush();
  }

  private ChannelOutboundInvoker rawOut() {
    if (rawOut == null) {
      ChannelHandlerContext encoder = channel.pipeline().context("wsencoder");
      rawOut = encoder != null ? encoder : channel;
    }
    return rawOut;
  }

  /**
   * Closes the connection: a {@code pusher:error} frame with {@code code} and {@code message} when the
   * message is not null, then a close frame with {@code code} and no reason, as Soketi's
   * {@code ws.end(code)} (pusher-js hands a reason to the app as the {@code message} of its error event).
   * From any thread; idempotent.
   */
  public void closeWith(int code, String message) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> closeWith(code, message));
      return;
    }
    if (closing()) return;
    if (message != null) {
      channel.write(WebSocketFrames.text(ByteBufAllocator.DEFAULT, PusherFrames.error(code, message)),
          channel.voidPromise());
    }
    // Gracefully, as after a violation: closing at once reset connections whose client was still sending,
    // and the reset destroyed the error and close frames already on their way (the fuzz run saw a client
    // get "connection reset" instead of 4009 about once in a thousand closes; pusher-js would then see
    // 1006 and reconnect at once instead of backing off).
    // No reason text, as Soketi's ws.end(code): pusher-js hands a reason to the app as its error message.
    closeGracefully(code, "", CLOSE_LINGER_MILLIS);
  }

  /**
   * Closes after a protocol violation (broken frame, message too big, broken UTF-8): the close frame
   * with {@code code} and our FIN, then the TCP connection once the client closed its side or after
   * {@code lingerMillis}.
   * Closing at once would leave the rest of what the client is still sending unread, the kernel would
   * answer it with a reset, and the client would lose the close frame (and see 1006). On the loop.
   */
  void closeAfterViolation(int code, String reason, long lingerMillis) {
    if (closing()) return;
    closeGracefully(code, reason, lingerMillis);
  }

  private void closeGracefully(int code, String reason, long lingerMillis) {
    closing = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
      // Our FIN after the close frame tells the client we are done; its own FIN then ends the channel.
      if (channel instanceof DuplexChannel duplex && channel.isActive()) duplex.shutdownOutput();
    });
    channel.eventLoop().schedule(() -> channel.close(), lingerMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * A slow consumer: more than the cap is queued for it. It cannot read a close frame behind all that,
   * so the TCP connection is closed at once.
   */
  private boolean writable() {
    if (channel.isWritable()) return true;
    metrics.frameDropped(app.app().id());
    if (!closing) {
      closing = true;
      metrics.slowConsumerClosed(app.app().id());
      channel.close();
    }
    return false;
  }

  @Override
  public String toString() {
    return "PusherConnection[" + socketId + " app=" + app.app().id() + "]";
  }
}
