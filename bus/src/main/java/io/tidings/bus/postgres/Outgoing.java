package io.tidings.bus.postgres;

import io.tidings.bus.wire.OutboundMessage;

/**
 * A message waiting in the {@link OutgoingQueue}: where it goes, and its content with the JSON built on the
 * publishing thread ({@link OutboundMessage}), minus the sequence number that is only given when it is sent.
 *
 * <p>{@link #message} is replaced by {@code publishLatest} only under the queue's lock while the message is
 * queued, and read by the event loop after it took the message out under that same lock. {@link #attempted}
 * belongs to the event loop.
 */
final class Outgoing {

  /** What became of a message, told once, on the event loop. */
  interface Settled {
    /** @param failure null when PostgreSQL committed the statement that carried it; else why it was dropped */
    void settled(Throwable failure);
  }

  /** No deadline: the message waits as long as it takes. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  final OutgoingSource source;
  final String latestKey;
  /** Told once the message was sent or given up; may be null. */
  final Settled onDone;
  /**
   * The {@link System#nanoTime()} after which a message never handed to PostgreSQL is withdrawn, or
   * {@link #NO_DEADLINE}.
   */
  final long deadlineNanos;
  OutboundMessage message;
  /** Set once the message was part of a statement: from then on it is never withdrawn. Event loop. */
  boolean attempted;

  Outgoing(OutgoingSource source, OutboundMessage message, String latestKey, Settled onDone) {
    this(source, message, latestKey, onDone, NO_DEADLINE);
  }

  Outgoing(OutgoingSource source, OutboundMessage message, String latestKey, Settled onDone, long deadlineNanos) {
    this.source = source;
    this.message = message;
    this.latestKey = latestKey;
    this.onDone = onDone;
    this.deadlineNanos = deadlineNanos;
  }

  /** A message of {@code source} with {@code data} as a tree (null: none). */
  static Outgoing of(OutgoingSource source, int type, com.fasterxml.jackson.databind.JsonNode data) {
    return new Outgoing(source, OutboundMessage.of(type, data, source.uid(), source.name()), null, null);
  }

  /** A message of {@code source} whose data the caller already wrote as JSON text (null: none). */
  static Outgoing ofRaw(OutgoingSource source, int type, String dataJson) {
    return new Outgoing(source, OutboundMessage.ofRaw(type, dataJson, source.uid(), source.name()), null, null);
  }

  /** True when the message was never handed to PostgreSQL and its deadline passed: it may be withdrawn. */
  boolean expired(long nowNanos) {
    return !attempted && deadlineNanos != NO_DEADLINE && nowNanos - deadlineNanos >= 0;
  }

  /** Tells the owner what became of the message, if anyone asked. Event loop. */
  void settle(Throwable failure) {
    if (onDone != null) {
      onDone.settled(failure);
    }
  }

  /** Takes over the content of a newer message with the same key. */
  void replaceWith(Outgoing newer) {
    message = newer.message;
  }
}
