package io.tidings.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One measurement step's latencies: one histogram per load-generator event loop (each written only by
 * its loop, so recording takes no lock), merged when the step ends. Messages of other streams (earlier
 * steps, warm-up) are not this step's and are never recorded here.
 *
 * <p>{@link #record} on the loop that owns the slot; {@link #merged} after the loops are done with it
 * (the caller hands over through the loops' task queues, which orders the memory).
 */
public final class Recording {

  /** Latencies above this are recorded as this (a minute: far past any goal). */
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final int stream;
  private final Histogram[] perLoop;

  public Recording(int stream, int loops) {
    this.stream = stream;
    this.perLoop = new Histogram[loops];
    for (int i = 0; i < loops; i++) perLoop[i] = newHistogram();
  }

  static Histogram newHistogram() {
    return new Histogram(MAX_NANOS, 3);
  }

  /** The stream id messages of this step carry. */
  public int stream() {
    return stream;
  }

  /** Records one latency on loop {@code loop}. */
  public void record(int loop, long nanos) {
    perLoop[loop].recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
  }

  /** All loops' latencies in one histogram. */
  public Histogram merged() {
    Histogram all = newHistogram();
    for (Histogram h : perLoop) all.add(h);
    return all;
  }
}
