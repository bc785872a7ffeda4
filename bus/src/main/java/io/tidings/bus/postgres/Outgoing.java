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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  final PostgresNamespace namespace;
  final String latestKey;
  /** Run on the event loop once the message was sent or given up; may be null. */
  final Runnable onDone;
  int type;
  /** The data as a tree, or null when it was given as text ({@link #rawData}) or absent. */
  JsonNode data;
  /** The data as JSON text, when the publisher wrote it already; else null. */
  String rawData;
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

  /** A message whose data the publisher already wrote as JSON text: no tree, no binary. */
  Outgoing(PostgresNamespace namespace, int type, String rawData) {
    this.namespace = namespace;
    this.latestKey = null;
    this.onDone = null;
    this.type = type;
    this.rawData = rawData;
    this.openJson = EnvelopeCodec.openJsonRaw(type, rawData, namespace.uid(), namespace.name());
    this.binary = false;
  }

  /** The data as a tree (built from the text when it was given as text), for attachment rows. */
  JsonNode dataTree() {
    if (data == null && rawData != null) {
      try {
        data = JSON.readTree(rawData);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("publishRaw was given text that is not JSON", e);
      }
    }
    return data;
  }

  /** Takes over the content of a newer message with the same key. */
  void replaceWith(Outgoing newer) {
    type = newer.type;
    data = newer.data;
    rawData = newer.rawData;
    openJson = newer.openJson;
    binary = newer.binary;
  }
}
