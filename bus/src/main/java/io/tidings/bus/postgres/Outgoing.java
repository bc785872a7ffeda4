package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.EnvelopeCodec;

/**
 * A message waiting in the {@link OutgoingQueue}: its namespace, and the JSON payload built on the
 * publishing thread, minus the sequence number that is only given when it is sent.
 *
 * <p>The fields that {@code publishLatest} replaces are written only under the queue's lock while the
 * message is queued, and read by the event loop after it took the message out under that same lock.
 */
final class Outgoing {

  final PostgresNamespace namespace;
  final String latestKey;
  /** Run on the event loop once the message was sent or given up; may be null. */
  final Runnable onDone;
  int type;
  JsonNode data;
  String openJson;
  boolean binary;

  Outgoing(PostgresNamespace namespace, int type, JsonNode data, String latestKey, Runnable onDone) {
    this.namespace = namespace;
    this.latestKey = latestKey;
    this.onDone = onDone;
    this.type = type;
    this.data = data;
    this.openJson = EnvelopeCodec.openJson(type, data, namespace.uid(), namespace.name());
    this.binary = EnvelopeCodec.containsBinary(data);
  }

  /** Takes over the content of a newer message with the same key. */
  void replaceWith(Outgoing newer) {
    type = newer.type;
    data = newer.data;
    openJson = newer.openJson;
    binary = newer.binary;
  }
}
