package io.tidings.bus.postgres;

import io.tidings.bus.BusErrorHandler;
import io.tidings.bus.BusStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live counters behind {@link PostgresBus#stats()}. Any thread may add to them and read them; the
 * two gauges are read from their owners on each call.
 */
final class BusCounters implements BusStats {

  final LongAdder published = new LongAdder();
  final LongAdder statements = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder droppedDeliveries = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder attachmentsWritten = new LongAdder();
  final LongAdder attachmentsRead = new LongAdder();
  final LongAdder undecodable = new LongAdder();
  final LongAdder listenReconnects = new LongAdder();
  final LongAdder missed = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder unrecovered = new LongAdder();
  private final BusErrorHandler errors;
  private volatile LongSupplier queued = () -> 0;
  private volatile IntSupplier peers = () -> 0;
  private volatile LongSupplier ringBytes = () -> 0;
  private volatile Supplier<Map<String, Long>> droppedByNamespace = Map::of;

  BusCounters() {
    this(BusErrorHandler.NONE);
  }

  /** @param errors where every failure counted here also goes (the bus's error handler) */
  BusCounters(BusErrorHandler errors) {
    this.errors = errors;
  }

  /** The bus's error handler, for the parts that warn about what they count. */
  BusErrorHandler errors() {
    return errors;
  }

  void gauges(LongSupplier queuedMessages, IntSupplier livePeers, LongSupplier replayRingBytes,
      Supplier<Map<String, Long>> droppedDeliveriesByNamespace) {
    this.queued = queuedMessages;
    this.peers = livePeers;
    this.ringBytes = replayRingBytes;
    this.droppedByNamespace = droppedDeliveriesByNamespace;
  }

  @Override public long publishedMessages() { return published.sum(); }
  @Override public long publishStatements() { return statements.sum(); }
  @Override public long queuedMessages() { return queued.getAsLong(); }
  @Override public long droppedMessages() { return dropped.sum(); }
  @Override public long droppedDeliveries() { return droppedDeliveries.sum(); }
  @Override public Map<String, Long> droppedDeliveriesByNamespace() { return droppedByNamespace.get(); }
  @Override public long receivedMessages() { return received.sum(); }
  @Override public long attachmentsWritten() { return attachmentsWritten.sum(); }
  @Override public long attachmentsRead() { return attachmentsRead.sum(); }
  @Override public long undecodableMessages() { return undecodable.sum(); }
  @Override public long listenReconnects() { return listenReconnects.sum(); }
  @Override public long missedMessages() { return missed.sum(); }
  @Override public long replayedMessages() { return replayed.sum(); }
  @Override public long unrecoveredMessages() { return unrecovered.sum(); }
  @Override public long replayRingBytes() { return ringBytes.getAsLong(); }
  @Override public int peers() { return peers.getAsInt(); }

  @Override
  public String toString() {
    return "published=" + publishedMessages() + " statements=" + publishStatements() + " queued=" + queuedMessages()
        + " dropped=" + droppedMessages() + " droppedDeliveries=" + droppedDeliveries() + " received=" + receivedMessages()
        + " attachmentsWritten=" + attachmentsWritten() + " attachmentsRead=" + attachmentsRead()
        + " undecodable=" + undecodableMessages() + " listenReconnects=" + listenReconnects()
        + " missed=" + missedMessages() + " replayed=" + replayedMessages() + " unrecovered=" + unrecoveredMessages()
        + " replayRingBytes=" + replayRingBytes() + " peers=" + peers();
  }
}
