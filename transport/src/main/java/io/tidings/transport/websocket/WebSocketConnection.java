package io.tidings.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.tidings.transport.fanout.Recipient;
import io.tidings.transport.loop.LoopFlusher;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One upgraded WebSocket connection: the write path, back-pressure and the close.
 *
 * <pre>
 *   handshake ──► OPEN ──(send*, messages to the handler)──► OPEN
 *                   │
 *                   ├── close(code) / violation: close frame + our FIN ──► CLOSING ──(client's FIN, or linger)──► closed
 *                   ├── too slow (outgoing buffer past the cap): TCP closed at once ──────────────────────────► closed
 *                   └── TCP gone / close frame from the client ────────────────────────────────────────────────► closed
 *   closed: the handler's onClose, once.
 * </pre>
 *
 * <p><b>Write path.</b> Frames are written already encoded ({@link WebSocketFrames}) and enter the
 * pipeline at the WebSocket encoder's context, so a write or a flush goes straight on to the socket
 * (through TLS when there is TLS) instead of walking every handler from the tail and through the encoder,
 * which only passes raw buffers on. The profile of a 1,000-subscriber fan-out showed that walk as the
 * largest Java cost per delivery. Writes are not flushed one by one: the loop's {@link LoopFlusher} flushes
 * every connection written to once per pass of the loop's task queue.
 *
 * <p><b>Back-pressure.</b> A connection whose outgoing buffer passed the cap (the channel's write-buffer
 * high-water mark) is not writable: the next frame for it is dropped and the connection closed at once,
 * since it could not read a close frame behind all that (both counted by the {@link WebSocketListener}).
 *
 * <p><b>Threading:</b> confined to its event loop. {@link #sendText}, {@link #sendBinary},
 * {@link #sendFrame} and {@link #close} may be called from any thread; they hop onto the loop.
 * {@link #sendShared} is for the fan-out, on the loop. <b>Buffers:</b> {@code sendFrame} takes ownership;
 * {@code sendShared} borrows (writes a retained duplicate).
 */
public final class WebSocketConnection extends Recipient implements LoopFlusher.Target {

  private final Channel channel;
  private final int loopIndex;
  private final LoopFlusher flusher;
  private final WebSocketListener listener;
  private final long closeLingerMillis;
  private final LongSupplier nanoClock;
  /** The protocol's side; null until the protocol accepted the connection (and when it refused it). */
  private WebSocketHandler handler;
  /** Set while this connection is in its loop's flusher list. */
  private boolean flushPending;
  private boolean closing;
  private boolean closeReported;
  private long lastActivityNanos;
  /** Where already-encoded frames enter the pipeline: the encoder's context (the channel if none). Looked up on first use. */
  private ChannelOutboundInvoker rawOut;

  WebSocketConnection(Channel channel, int loopIndex, LoopFlusher flusher, WebSocketListener listener,
      long closeLingerMillis, LongSupplier nanoClock) {
    this.channel = channel;
    this.loopIndex = loopIndex;
    this.flusher = flusher;
    this.listener = listener;
    this.closeLingerMillis = closeLingerMillis;
    this.nanoClock = nanoClock;
    this.lastActivityNanos = nanoClock.getAsLong();
  }

  @Override
  public int loopIndex() {
    return loopIndex;
  }

  /** The event loop this connection lives on (for timers and hops). */
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  /** The protocol's handler of this connection (its per-connection state), or null before it has one. */
  public WebSocketHandler handler() {
    return handler;
  }

  void handler(WebSocketHandler handler) {
    this.handler = handler;
  }

  /**
   * When something last went out or came in (the transport's nano clock): for idle sweeps. Written on the
   * loop; read it there.
   */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  void markActivity() {
    lastActivityNanos = nanoClock.getAsLong();
  }

  /** True once the connection is closing or closed; nothing more is sent. */
  public boolean isClosing() {
    return closing || !channel.isActive();
  }

  /**
   * Sends a text frame holding {@code payload} (UTF-8). From any thread.
   *
   * @return false when the frame was dropped (the connection is closing or too slow)
   */
  public boolean sendText(byte[] payload) {
    return sendData(WebSocketFrames.TEXT, payload);
  }

  /** Sends a binary frame holding {@code payload}. From any thread. */
  public boolean sendBinary(byte[] payload) {
    return sendData(WebSocketFrames.BINARY, payload);
  }

  private boolean sendData(int opcode, byte[] payload) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> sendData(opcode, payload));
      return true;
    }
    if (isClosing()) {
      listener.frameDropped(this);
      return false;
    }
    return writeOwned(WebSocketFrames.frame(ByteBufAllocator.DEFAULT, opcode, payload, 0, payload.length));
  }

  /** Sends {@code frame}, a complete frame built by {@link WebSocketFrames}, taking ownership of it. From any thread. */
  public boolean sendFrame(ByteBuf frame) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> sendFrame(frame));
      return true;
    }
    if (isClosing()) {
      frame.release();
      listener.frameDropped(this);
      return false;
    }
    return writeOwned(frame);
  }

  private boolean writeOwned(ByteBuf frame) {
    if (!writable()) {
      frame.release();
      return false;
    }
    rawOut().write(frame, channel.voidPromise());
    markDirty();
    lastActivityNanos = nanoClock.getAsLong();
    return true;
  }

  /**
   * Writes a shared, already-encoded frame (a broadcast). On the loop. The caller keeps its reference;
   * this writes a retained duplicate.
   *
   * @return false when dropped
   */
  public boolean sendShared(ByteBuf frame) {
    if (isClosing()) return false;
    if (!writable()) return false;
    rawOut().write(frame.retainedDuplicate(), channel.voidPromise());
    markDirty();
    lastActivityNanos = nanoClock.getAsLong();
    return true;
  }

  /** Writes shared frames, in order, all or none (a text frame and its binary attachments). On the loop. */
  public boolean sendShared(ByteBuf[] frames) {
    if (isClosing()) return false;
    if (!writable()) return false;
    ChannelOutboundInvoker out = rawOut();
    for (ByteBuf f : frames) out.write(f.retainedDuplicate(), channel.voidPromise());
    markDirty();
    lastActivityNanos = nanoClock.getAsLong();
    return true;
  }

  @Override
  protected boolean deliver(ByteBuf[] frames) {
    return frames.length == 1 ? sendShared(frames[0]) : sendShared(frames);
  }

  private void markDirty() {
    if (flushPending) return;
    flushPending = true;
    flusher.add(this);
  }

  /** Flushes what {@code send*} wrote. Called by the loop's {@link LoopFlusher}. */
  @Override
  public void flushNow() {
    flushPending = false;
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
   * Closes gracefully: a close frame with {@code code} and {@code reason} (at most 123 bytes of UTF-8),
   * our FIN once it is written, then the TCP connection once the client closed its side or after the
   * linger. Closing at once would reset a connection whose client is still sending, and the reset would
   * destroy the frames already on their way (a fuzz run saw a client get "connection reset" instead of its
   * close code about once in a thousand closes). From any thread; idempotent.
   */
  public void close(int code, String reason) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> close(code, reason));
      return;
    }
    if (isClosing()) return;
    closeGracefully(code, reason);
  }

  /** Closes after a protocol violation: as {@link #close}, counted by the caller. On the loop. */
  void closeAfterViolation(int code, String reason) {
    if (isClosing()) return;
    closeGracefully(code, reason);
  }

  private void closeGracefully(int code, String reason) {
    closing = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
      // Our FIN after the close frame tells the client we are done; its own FIN then ends the channel.
      if (channel instanceof DuplexChannel duplex && channel.isActive()) duplex.shutdownOutput();
    });
    channel.eventLoop().schedule(() -> channel.close(), closeLingerMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * A slow consumer: more than the cap is queued for it. It cannot read a close frame behind all that,
   * so the TCP connection is closed at once.
   */
  private boolean writable() {
    if (channel.isWritable()) return true;
    listener.frameDropped(this);
    if (!closing) {
      closing = true;
      listener.slowConsumerClosed(this);
      channel.close();
    }
    return false;
  }

  /** Tells the handler the connection closed, once. On the loop. */
  void reportClosed() {
    if (closeReported || handler == null) return;
    closeReported = true;
    handler.onClose(this);
  }

  @Override
  public String toString() {
    return "WebSocketConnection[" + channel.remoteAddress() + " loop=" + loopIndex + "]";
  }
}
