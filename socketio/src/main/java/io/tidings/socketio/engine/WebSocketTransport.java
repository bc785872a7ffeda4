package io.tidings.socketio.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.engine.packet.EngineParseException;
import io.tidings.socketio.engine.packet.EngineParser;
import io.tidings.socketio.engine.packet.EnginePacket;
import io.tidings.transport.websocket.WebSocketConnection;
import io.tidings.transport.websocket.WebSocketFrames;
import io.tidings.transport.websocket.WebSocketHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The WebSocket transport, as Node's {@code transports/websocket.ts}: one Engine.IO packet per frame, a
 * binary message as a binary frame of its bytes. Always writable: the connection queues what it cannot
 * write yet (up to the transport's cap, past which the client is closed as a slow consumer).
 *
 * <p>Closed by the session, it sends a close frame (1000; Node's {@code ws} sends one without a code) and
 * counts as closed at once. A message over {@code maxPayload} (1009), broken UTF-8 (1007) or a broken frame
 * (1002) is closed by the transport module and reported here as an error, which closes the session with
 * {@code "transport error"} as Node's {@code ws} errors do.
 *
 * <p><b>Threading:</b> the connection lives on its own loop, which is the session's loop for a session
 * that opened over WebSocket, and usually another one for a session that upgraded from polling (the new
 * TCP connection went to whichever loop accepted it). The {@link WebSocketHandler} methods run on the
 * connection's loop: they decode there and hand each packet to the session's loop, in order. The transport's
 * state and {@code send*} are confined to the session's loop; writes to a connection on another loop hop
 * there, one task per call. <b>Buffers:</b> {@link #sendShared} borrows the frames (the connection writes
 * retained duplicates; a hop retains them until it ran).
 */
final class WebSocketTransport extends Transport implements WebSocketHandler {

  /** The close code of a server-side close (Node's {@code ws.close()} sends no code; ours must send one). */
  static final int NORMAL_CLOSURE = 1000;

  private final WebSocketConnection connection;
  private final EventLoop sessionLoop;
  private final Refusals refusals;

  WebSocketTransport(WebSocketConnection connection, EventLoop sessionLoop, Refusals refusals) {
    this.connection = connection;
    this.sessionLoop = sessionLoop;
    this.refusals = refusals;
  }

  @Override
  EngineTransport kind() {
    return EngineTransport.WEBSOCKET;
  }

  @Override
  boolean writable() {
    return true;
  }

  /** The connection's loop index (for tests and logs). */
  int connectionLoopIndex() {
    return connection.loopIndex();
  }

  @Override
  void send(List<EncodedPacket> packets) {
    if (connection.eventLoop().inEventLoop()) {
      for (EncodedPacket p : packets) connection.sendFrame(frame(p));
      return;
    }
    ByteBuf[] frames = new ByteBuf[packets.size()];
    for (int i = 0; i < frames.length; i++) frames[i] = frame(packets.get(i));
    connection.eventLoop().execute(() -> {
      for (ByteBuf f : frames) connection.sendFrame(f);
    });
  }

  /**
   * Writes a broadcast's frames as they are. On the session's loop; the caller keeps its references.
   *
   * @return false when they were dropped (the connection is closing or too slow)
   */
  boolean sendShared(ByteBuf[] frames) {
    if (connection.eventLoop().inEventLoop()) {
      return frames.length == 1 ? connection.sendShared(frames[0]) : connection.sendShared(frames);
    }
    if (connection.isClosing()) return false;
    for (ByteBuf f : frames) f.retain();
    connection.eventLoop().execute(() -> {
      try {
        connection.sendShared(frames);
      } finally {
        for (ByteBuf f : frames) f.release();
      }
    });
    return true;
  }

  private static ByteBuf frame(EncodedPacket p) {
    byte[] payload = p.webSocketPayload();
    return WebSocketFrames.frame(ByteBufAllocator.DEFAULT, p.isBinary() ? WebSocketFrames.BINARY : WebSocketFrames.TEXT,
        payload, 0, payload.length);
  }

  @Override
  protected void doClose(Runnable onClosed) {
    connection.close(NORMAL_CLOSURE, "");
    if (onClosed != null) onClosed.run();
  }

  // ---- the connection's side: its loop ----

  @Override
  public void onText(WebSocketConnection c, ByteBuf content) {
    String text = content.toString(StandardCharsets.UTF_8);
    EnginePacket packet;
    try {
      packet = EngineParser.decodePacket(text);
    } catch (EngineParseException e) {
      onSessionLoop(() -> {
        if (isClosed()) return;
        refusals.refused("parse error", connection.remoteAddress());
        events.onParseError(this);
      });
      return;
    }
    onSessionLoop(() -> received(packet));
  }

  @Override
  public void onBinary(WebSocketConnection c, ByteBuf content) {
    EnginePacket packet = EngineParser.decodePacket(ByteBufUtil.getBytes(content));
    onSessionLoop(() -> received(packet));
  }

  @Override
  public void onClose(WebSocketConnection c) {
    onSessionLoop(this::closed);
  }

  /** The transport module is closing the connection for breaking the protocol; {@code reason} is its word for it. */
  void violation(String reason) {
    boolean tooBig = "too_big".equals(reason);
    // Queued even on the session's own loop: the transport module sends its close frame (1009, 1007, 1002)
    // right after this call, and the session's close must not beat it with a plain 1000.
    sessionLoop.execute(() -> {
      if (isClosed()) return;
      refusals.refused(tooBig ? "message too big" : "corrupted frame", connection.remoteAddress());
      events.onError(this, tooBig ? "Max payload size exceeded" : "Invalid WebSocket frame");
    });
  }

  /** The transport module closed the connection because its client stopped reading. */
  void slowConsumer() {
    onSessionLoop(() -> events.onSlowConsumer(this));
  }

  private void received(EnginePacket packet) {
    if (!isClosed()) events.onPacket(this, packet);
  }

  private void onSessionLoop(Runnable task) {
    if (sessionLoop.inEventLoop()) task.run(); else sessionLoop.execute(task);
  }
}
