package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import io.tidings.socketio.engine.packet.EnginePacket;
import io.tidings.socketio.engine.packet.EnginePacketType;
import java.util.List;

/**
 * One attempt to move a session from polling to a new WebSocket, as Node's {@code Socket._maybeUpgrade}:
 *
 * <pre>
 *   WebSocket with the session's sid opened ──► PROBING
 *   client "2probe" ──► server "3probe"; every 100 ms a held poll is answered with a noop "6" (the client pauses polling)
 *   client "5" ──► the session switches to the WebSocket; what it queued meanwhile leaves there, in order
 *   anything else on the WebSocket, its close or error, the session's close, or upgradeTimeout ──► the WebSocket is closed; the session stays on polling
 * </pre>
 *
 * While probing, the session keeps sending over polling; packets queued while no poll is held wait in the
 * session's buffer and leave over the WebSocket once the upgrade completes.
 *
 * <p><b>Threading:</b> confined to the session's loop.
 */
final class Upgrade implements TransportEvents {

  /** Node's {@code setInterval(check, 100)}: how often a held poll is released while the client probes. */
  static final long CHECK_INTERVAL_MILLIS = 100;

  private final EngineSession session;
  private final WebSocketTransport probe;
  private final EngineTimers timers;
  private final EventLoop loop;
  private EngineTimers.Timer deadline;
  private EngineTimers.Timer check;
  private boolean ended;

  Upgrade(EngineSession session, WebSocketTransport probe, EngineTimers timers, EventLoop loop) {
    this.session = session;
    this.probe = probe;
    this.timers = timers;
    this.loop = loop;
  }

  /** Listens to the probe and starts the deadline. */
  void start(long upgradeTimeoutMillis) {
    probe.listen(this);
    deadline = timers.schedule(loop, upgradeTimeoutMillis, () -> {
      if (ended) return;
      end();
      if (probe.isOpen()) probe.close(null);
    });
  }

  @Override
  public void onPacket(Transport transport, EnginePacket packet) {
    if (ended) return;
    if (packet instanceof EnginePacket.Text t && t.type() == EnginePacketType.PING && t.data().equals("probe")) {
      probe.send(List.of(Transport.PONG_PROBE));
      if (check != null) check.cancel();
      scheduleCheck();
    } else if (packet.type() == EnginePacketType.UPGRADE && !session.isClosed()) {
      end();
      session.completeUpgrade(probe);
    } else {
      abandon();
    }
  }

  @Override
  public void onParseError(Transport transport) {
    abandon();
  }

  @Override
  public void onError(Transport transport, String description) {
    abandon();
  }

  @Override
  public void onClose(Transport transport) {
    abandon();
  }

  @Override
  public void onReady(Transport transport) {}

  /** The session closed while probing. */
  void sessionClosed() {
    abandon();
  }

  private void scheduleCheck() {
    check = timers.schedule(loop, CHECK_INTERVAL_MILLIS, () -> {
      if (ended) return;
      session.releaseHeldPoll();
      scheduleCheck();
    });
  }

  private void abandon() {
    if (ended) return;
    end();
    probe.close(null);
  }

  /** Node's {@code cleanup}: the timers stop, the probe is no longer heard here, the session may try again. */
  private void end() {
    ended = true;
    if (deadline != null) deadline.cancel();
    if (check != null) check.cancel();
    probe.listen(TransportEvents.IGNORED);
    session.upgradeEnded(this);
  }
}
