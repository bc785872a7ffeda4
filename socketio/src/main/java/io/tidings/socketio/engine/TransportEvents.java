package io.tidings.socketio.engine;

import io.tidings.socketio.engine.packet.EnginePacket;

/**
 * What a {@link Transport} reports to whoever listens to it now: the session it carries, an
 * {@link Upgrade} probing it, or {@link #IGNORED} once it has been let go (Node's listeners on a
 * transport's {@code "packet"}, {@code "error"}, {@code "close"} and {@code "ready"} events).
 *
 * <p><b>Threading:</b> called on the session's loop.
 */
interface TransportEvents {

  /** A packet arrived (a close packet over polling is reported as {@link #onClose} instead). */
  void onPacket(Transport transport, EnginePacket packet);

  /** Input that is no Engine.IO packet arrived. */
  void onParseError(Transport transport);

  /** The transport failed or was abused; {@code description} says how. */
  void onError(Transport transport, String description);

  /** The transport closed. */
  void onClose(Transport transport);

  /** The transport can send again (a poll arrived). */
  void onReady(Transport transport);

  /** A WebSocket transport was closed because its client stopped reading (what was queued is dropped). */
  default void onSlowConsumer(Transport transport) {}

  /** Hears nothing: a transport nobody listens to any more. */
  TransportEvents IGNORED = new TransportEvents() {
    @Override
    public void onPacket(Transport transport, EnginePacket packet) {}

    @Override
    public void onParseError(Transport transport) {}

    @Override
    public void onError(Transport transport, String description) {}

    @Override
    public void onClose(Transport transport) {}

    @Override
    public void onReady(Transport transport) {}
  };
}
