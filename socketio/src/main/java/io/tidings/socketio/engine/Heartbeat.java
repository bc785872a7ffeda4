package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;

/**
 * A session's heartbeat, as Node's engine.io 6.6 keeps it (protocol v4: the server pings, the client
 * answers):
 *
 * <pre>
 *   start ──pingInterval──► ping sent ──pingTimeout──► timed out ("ping timeout")
 *                              │
 *                              ├── pong: the wait ends; the next ping is due pingInterval after the pong
 *                              └── any other packet (the first one only): the wait starts over
 * </pre>
 *
 * A pong that comes without a ping pushes the next ping back too. An upgrade restarts the wait for a pong
 * ({@link #transportChanged}). Timers come from {@link EngineTimers}.
 *
 * <p><b>Threading:</b> confined to the session's loop.
 */
final class Heartbeat {

  private final EngineTimers timers;
  private final EventLoop loop;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final Runnable sendPing;
  private final Runnable timedOut;
  private EngineTimers.Timer intervalTimer;
  private EngineTimers.Timer timeoutTimer;
  /** Node's {@code hasRefreshedPingTimeout}: the wait for this ping's pong was already restarted once. */
  private boolean refreshed;
  private boolean stopped;

  Heartbeat(EngineTimers timers, EventLoop loop, long intervalMillis, long timeoutMillis, Runnable sendPing,
      Runnable timedOut) {
    this.timers = timers;
    this.loop = loop;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    this.sendPing = sendPing;
    this.timedOut = timedOut;
  }

  /** Schedules the first ping. */
  void start() {
    scheduleNextPing();
  }

  /** A pong arrived. */
  void onPong() {
    cancelWait();
    scheduleNextPing();
  }

  /** Another packet arrived: while a pong is awaited, the first one restarts the wait. */
  void onOtherPacket() {
    if (timeoutTimer == null || refreshed) return;
    refreshed = true;
    startWaiting();
  }

  /**
   * The session moved to a new transport (an upgrade): a pong still awaited gets a full
   * {@code pingTimeout} from now. Node stops waiting here instead, and since only a pong re-arms its ping
   * interval, a client that never answers that ping is never pinged again and its session never times
   * out; a client that answers is treated alike by both.
   */
  void transportChanged() {
    if (timeoutTimer != null) startWaiting();
  }

  /** The session closed: no more pings. */
  void stop() {
    stopped = true;
    cancelWait();
    if (intervalTimer != null) {
      intervalTimer.cancel();
      intervalTimer = null;
    }
  }

  private void scheduleNextPing() {
    if (stopped) return;
    if (intervalTimer != null) intervalTimer.cancel();
    Tick tick = new Tick(false);
    tick.timer = timers.schedule(loop, intervalMillis, tick);
    intervalTimer = tick.timer;
  }

  private void ping() {
    intervalTimer = null;
    if (stopped) return;
    refreshed = false;
    sendPing.run();
    startWaiting();
  }

  private void startWaiting() {
    if (stopped) return;
    if (timeoutTimer != null) timeoutTimer.cancel();
    Tick tick = new Tick(true);
    tick.timer = timers.schedule(loop, timeoutMillis, tick);
    timeoutTimer = tick.timer;
  }

  /**
   * A scheduled ping or wait that knows its own timer, so that one cancelled too late to stop it (already
   * queued on the loop) does nothing. One object where a lambda and an array holding its timer were two.
   */
  private final class Tick implements Runnable {
    private final boolean timeout;
    EngineTimers.Timer timer;

    Tick(boolean timeout) {
      this.timeout = timeout;
    }

    @Override
    public void run() {
      if (!timeout) {
        if (intervalTimer == timer) ping();
      } else if (timeoutTimer == timer && !stopped) {
        timeoutTimer = null;
        timedOut.run();
      }
    }
  }

  private void cancelWait() {
    if (timeoutTimer != null) {
      timeoutTimer.cancel();
      timeoutTimer = null;
    }
  }
}
