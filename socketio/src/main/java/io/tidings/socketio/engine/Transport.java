package io.tidings.socketio.engine;

import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.engine.packet.EnginePacketType;
import java.util.List;

/**
 * One way a session reaches its client (Node's engine.io {@code Transport}): long-polling or a WebSocket.
 * A session has one at a time and switches once, on an upgrade; what the transport hears goes to its
 * current {@link TransportEvents}.
 *
 * <pre>
 *   OPEN ──close(fn)──► CLOSING ──(polling: the close packet reached a poll, or it was discarded; websocket: at once)──► CLOSED
 *     └──(client closed, or its close packet)──────────────────────────────────────────────────────────────────────────► CLOSED
 * </pre>
 *
 * <p><b>Threading:</b> confined to its session's loop (a WebSocket's connection may live on another loop:
 * the transport hops between them).
 */
abstract sealed class Transport permits PollingTransport, WebSocketTransport {

  static final EncodedPacket CLOSE = EncodedPacket.text(EnginePacketType.CLOSE, "");
  static final EncodedPacket NOOP = EncodedPacket.text(EnginePacketType.NOOP, "");
  static final EncodedPacket PING = EncodedPacket.text(EnginePacketType.PING, "");
  static final EncodedPacket PONG_PROBE = EncodedPacket.text(EnginePacketType.PONG, "probe");

  private enum State { OPEN, CLOSING, CLOSED }

  private State state = State.OPEN;
  /** Set on the transport a session leaves behind in an upgrade: it may close without its close packet. */
  protected boolean discarded;
  protected TransportEvents events = TransportEvents.IGNORED;

  /** {@code "polling"} or {@code "websocket"}. */
  abstract EngineTransport kind();

  /** Whether {@link #send} may be called now (polling: a poll is waiting). */
  abstract boolean writable();

  /** Sends {@code packets}, in order (one poll answer, or one frame each). Only when {@link #writable}. */
  abstract void send(List<EncodedPacket> packets);

  /** Closes the way the transport does; runs {@code onClosed} (may be null) once the session may count it closed. */
  protected abstract void doClose(Runnable onClosed);

  /** Who hears this transport from now on. */
  final void listen(TransportEvents events) {
    this.events = events;
  }

  /** Node's {@code close(fn)}: once; a closing or closed transport ignores it. */
  final void close(Runnable onClosed) {
    if (state != State.OPEN) return;
    state = State.CLOSING;
    doClose(onClosed);
  }

  /** The session moved on from this transport: it may close at once. */
  final void discard() {
    discarded = true;
  }

  final boolean isOpen() {
    return state == State.OPEN;
  }

  final boolean isClosed() {
    return state == State.CLOSED;
  }

  /** Node's {@code onClose}: the transport is gone; whoever listens hears it. */
  protected void closed() {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    events.onClose(this);
  }
}
