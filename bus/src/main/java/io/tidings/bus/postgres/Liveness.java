package io.tidings.bus.postgres;

import java.time.Duration;

/**
 * How quickly a silent PostgreSQL connection is given up: how often it is probed, and how long it may stay
 * silent with a statement unanswered before it is abandoned and replaced ({@link WatchedConnection}).
 * Immutable.
 *
 * <p><b>Why these numbers.</b> A connection can die without a word: a NAT entry that vanished, a pulled
 * cable, a frozen virtual machine send neither FIN nor reset, and TCP's own timers (keepalive, the
 * retransmission timeout) take minutes to notice. Meanwhile a silent LISTEN connection makes its node deaf,
 * and a silent publisher makes it mute. Peers declare a node gone after the heartbeat timeout {@code H}
 * (10 s by default), so detection <em>and</em> reconnection must fit in {@code H}, with room to spare:
 * <ul>
 *   <li>the <b>silence timeout</b> is {@code H / 2} (5 s): silence is judged once per probe period, so a
 *       dead connection is abandoned at most {@code H / 2 + H / 10} (6 s) after its last sign of life,
 *       which leaves {@code 0.4 H} (4 s) to connect again, LISTEN again and hear the peers' replay before
 *       anyone's heartbeat timeout runs out;</li>
 *   <li>the <b>probe period</b> is {@code H / 10} (1 s): a connection quiet for that long, with nothing
 *       in flight, is sent a cheap statement, so that silence is always silence <em>to a question</em>.
 *       The probe leaves at most two periods after the last sign of life and has the rest of the silence
 *       timeout, at least {@code 0.3 H}, to be answered; a busy connection is never probed.</li>
 * </ul>
 * <b>What must not condemn a healthy connection.</b> Any byte from the server counts as life: the answer to
 * any statement and, on a LISTEN connection, every notification. Under a flood the probe's answer queues
 * behind thousands of notifications, but those notifications keep the connection alive. A long GC pause
 * or a saturated event loop delays the check itself: a check that runs more than one period late judges
 * nothing (the input that piled up meanwhile is read before the next check), so a stalled JVM never
 * condemns the connection it could not read. Only the database (or the network) staying mute for
 * {@code H / 2} while asked does. Below a heartbeat timeout of 2 s the silence timeout stays at
 * {@value #MIN_SILENCE_MILLIS} ms, because a loaded machine's PostgreSQL can pause for hundreds of
 * milliseconds; such settings (tests use them) then detect in a little more than {@code H}.
 *
 * @param probeIntervalMillis  how often a quiet connection is probed, and how often silence is judged
 * @param silenceTimeoutMillis how long a connection may stay silent while a statement waits for its answer
 */
public record Liveness(long probeIntervalMillis, long silenceTimeoutMillis) {

  /** The shortest silence that condemns a connection, whatever the heartbeat timeout. */
  public static final long MIN_SILENCE_MILLIS = 1_000;
  /** The shortest probe period. */
  public static final long MIN_PROBE_INTERVAL_MILLIS = 100;

  public Liveness {
    if (probeIntervalMillis <= 0 || silenceTimeoutMillis <= probeIntervalMillis) {
      throw new IllegalArgumentException("need 0 < probeIntervalMillis < silenceTimeoutMillis, got "
          + probeIntervalMillis + " and " + silenceTimeoutMillis);
    }
  }

  /** Settings under which a dead connection is replaced within {@code budget} (the heartbeat timeout). */
  public static Liveness within(Duration budget) {
    long h = budget.toMillis();
    return new Liveness(Math.max(MIN_PROBE_INTERVAL_MILLIS, h / 10), Math.max(MIN_SILENCE_MILLIS, h / 2));
  }

  /** The longest time from a connection's last sign of life to its abandonment. */
  public long worstDetectionMillis() {
    return silenceTimeoutMillis + probeIntervalMillis;
  }
}
