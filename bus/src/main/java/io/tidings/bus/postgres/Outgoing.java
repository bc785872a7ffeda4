package io.tidings.bus.postgres;

import io.tidings.bus.wire.OutboundMessage;

/**
 * A message waiting in the {@link OutgoingQueue}: where it goes, and its content with the JSON built on the
 * publishing thread ({@link OutboundMessage}), minus the sequence number that is only given when it is sent.
 *
 * <p>{@link #message} is replaced by {@code publishLatest} only under the queue's lock while the message is
 * queued, and read by the event loop after it took the message out under that same lock.
 */
final class Outgoing {

  final OutgoingSource source;
  final String latestKey;
  /** Run on the event loop once the message was sent or given up; may be null. */
  final Runnable onDone;
  OutboundMessage message;

  Outgoing(OutgoingSource source, OutboundMessage message, String latestKey, Runnable onDone) {
    this.source = source;
    this.message = message;
    this.latestKey = latestKey;
    this.onDone = onDone;
  }

  /** A message of {@code source} with {@code data} as a tree (null: none). */
  static Outgoing of(OutgoingSource source, int type, com.fasterxml.jackson.databind.JsonNode data) {
    return new Outgoing(source, OutboundMessage.of(type, data, source.uid(), source.name()), null, null);
  }

  /** A message of {@code source} whose data the caller already wrote as JSON text (null: none). */
  static Outgoing ofRaw(OutgoingSource source, int type, String dataJson) {
    return new Outgoing(source, OutboundMessage.ofRaw(type, dataJson, source.uid(), source.name()), null, null);
  }

  /** Takes over the content of a newer message with the same key. */
  void replaceWith(Outgoing newer) {
    message = newer.message;
  }
}
