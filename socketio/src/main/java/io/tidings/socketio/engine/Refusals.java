package io.tidings.socketio.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine reports input it refused: each occurrence goes to {@link EngineListener#onRefused} (for
 * metrics), and the log gets at most one line per {@value #INTERVAL_SECONDS} s with the count since the
 * last line and the latest case, so a flood of bad requests cannot flood the log.
 *
 * <p><b>Threading:</b> thread-safe; called on event loops.
 */
final class Refusals {

  private static final Logger log = LoggerFactory.getLogger(EngineServer.class);
  private static final long INTERVAL_SECONDS = 10;
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

  private final EngineListener listener;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

  Refusals(EngineListener listener) {
    this.listener = listener;
  }

  /** Counts one refusal of {@code reason} (one of {@link EngineListener#onRefused}'s list) from {@code from} (an address, for the log). */
  void refused(String reason, Object from) {
    try {
      listener.onRefused(reason);
    } catch (RuntimeException e) {
      log.warn("EngineListener.onRefused threw", e);
    }
    long n = pending.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      n = pending.getAndSet(0);
      log.info("Engine.IO refused {} request(s) or packet(s) in the last {} s (latest: {} from {})",
          n, INTERVAL_SECONDS, reason, from);
    }
  }
}
