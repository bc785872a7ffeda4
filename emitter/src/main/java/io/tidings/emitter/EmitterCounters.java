package io.tidings.emitter;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The live counters behind {@link EmitterStats}. Any thread may add to them and read them. */
final class EmitterCounters implements EmitterStats {

  final LongAdder sent = new LongAdder();
  final LongAdder failed = new LongAdder();
  private final LongSupplier queued;

  EmitterCounters(LongSupplier queued) {
    this.queued = queued;
  }

  @Override public long sent() { return sent.sum(); }
  @Override public long failed() { return failed.sum(); }
  @Override public long queued() { return queued.getAsLong(); }

  @Override
  public String toString() {
    return "sent=" + sent() + " failed=" + failed() + " queued=" + queued();
  }
}
