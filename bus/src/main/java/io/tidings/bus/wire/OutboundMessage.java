package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * One message on its way out, before it has a sequence number: {@code (type, data, uid, namespace)}, with
 * its JSON already written up to the {@code seq}. {@link #publication} then decides, without any
 * connection, what goes to PostgreSQL: a NOTIFY payload, or an attachment row and the header announcing it.
 *
 * <p>This is the one encoder of every Tidings publisher: the bus's pipelined session, the publish-only
 * handle ({@link io.tidings.bus.BusPublisher}), and a caller that publishes on its own JDBC connection.
 * Such a caller does, for {@code m = OutboundMessage.of(type, data, "emitter", nsp)} and
 * {@code channel = ChannelName.of(prefix, nsp)}:
 *
 * <pre>
 *   switch (m.publication(-1, 8000)) {
 *     case Publication.Notify n     -&gt; SELECT pg_notify(channel, n.payload())
 *     case Publication.Attachment a -&gt; id = INSERT INTO socket_io_attachments (payload) VALUES (a.row()) RETURNING id
 *                                      SELECT pg_notify(channel, a.header(id))
 *   }
 * </pre>
 *
 * <p>Building the JSON is the expensive part, so it happens here, on the publishing thread; only the
 * sequence number is appended later. Immutable and thread-safe; the bus owns {@code data} once it is here
 * (nobody may modify the tree afterwards).
 */
public final class OutboundMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int type;
  private final String uid;
  private final String nsp;
  /** The data as a tree, or null when it was given as text or absent. */
  private final JsonNode data;
  /** The data as JSON text when the caller wrote it already, else null. */
  private final String rawData;
  private final String openJson;
  private final boolean binary;

  private OutboundMessage(int type, JsonNode data, String rawData, String uid, String nsp, String openJson, boolean binary) {
    this.type = type;
    this.data = data;
    this.rawData = rawData;
    this.uid = Objects.requireNonNull(uid, "uid");
    this.nsp = Objects.requireNonNull(nsp, "nsp");
    this.openJson = openJson;
    this.binary = binary;
  }

  /**
   * A message whose {@code data} is a tree (null: none). The top-level {@code nsp} is always written: Node's
   * adapter 0.5 drops a message without it.
   */
  public static OutboundMessage of(int type, JsonNode data, String uid, String nsp) {
    return new OutboundMessage(type, data, null, uid, nsp, EnvelopeCodec.openJson(type, data, uid, nsp),
        EnvelopeCodec.containsBinary(data));
  }

  /**
   * A message whose {@code data} the caller already wrote as JSON text (null: none): exactly one JSON value,
   * written as JavaScript's {@code JSON.stringify} would. It is copied as is, so it can hold no binary.
   */
  public static OutboundMessage ofRaw(int type, String dataJson, String uid, String nsp) {
    return new OutboundMessage(type, null, dataJson, uid, nsp, EnvelopeCodec.openJsonRaw(type, dataJson, uid, nsp), false);
  }

  public int type() {
    return type;
  }

  public String uid() {
    return uid;
  }

  public String nsp() {
    return nsp;
  }

  /** True when the data holds binary, which JSON cannot carry: such a message always travels as an attachment. */
  public boolean binary() {
    return binary;
  }

  /** The data as a tree (parsed from the text when it was given as text), or null when absent. */
  public JsonNode dataTree() {
    if (data == null && rawData != null) {
      try {
        return JSON.readTree(rawData);
      } catch (IOException e) {
        throw new IllegalArgumentException("The data given as text is not JSON: " + e.getMessage(), e);
      }
    }
    return data;
  }

  /** The NOTIFY JSON of the whole message with {@code seq} (left out when negative). */
  public String json(long seq) {
    return EnvelopeCodec.closeJson(openJson, seq);
  }

  /**
   * What to send for this message numbered {@code seq} ({@code -1}: unnumbered, as emitters send): an
   * attachment when the data holds binary or the JSON reaches {@code payloadThreshold} UTF-8 bytes
   * ({@code >=}: PostgreSQL refuses a payload of 8000 bytes, so 8000 is the largest sensible threshold),
   * else the NOTIFY payload itself.
   */
  public Publication publication(long seq, int payloadThreshold) {
    String json = json(seq);
    if (binary || EnvelopeCodec.utf8Length(json) >= payloadThreshold) {
      Envelope envelope = new Envelope(type, dataTree(), uid, nsp, seq);
      return new Publication.Attachment(json, envelope, EnvelopeCodec.toMessagePack(envelope));
    }
    return new Publication.Notify(json);
  }
}
