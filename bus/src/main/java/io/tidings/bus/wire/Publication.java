package io.tidings.bus.wire;

/**
 * What one outgoing message becomes in PostgreSQL ({@link OutboundMessage#publication}): a NOTIFY payload,
 * or a row of the attachment table plus the NOTIFY that announces it once the row has its id. Immutable;
 * the row's bytes belong to whoever sends them and must not be modified.
 */
public sealed interface Publication permits Publication.Notify, Publication.Attachment {

  /** The message as NOTIFY JSON, whether or not that is what is sent (the replay ring keeps it). */
  String json();

  /** Send {@code payload} with {@code pg_notify(channel, payload)}. */
  record Notify(String payload) implements Publication {
    @Override
    public String json() {
      return payload;
    }
  }

  /**
   * INSERT {@code row} into the attachment table, then NOTIFY {@link #header header(id)} with the id the
   * INSERT returned.
   *
   * @param json     the message as NOTIFY JSON (too large, or unable to carry its binary)
   * @param envelope the message as stored
   * @param row      the MessagePack bytes of {@code envelope}, the row's {@code payload}
   */
  record Attachment(String json, Envelope envelope, byte[] row) implements Publication {
    /** The NOTIFY payload announcing row {@code attachmentId}: {@code {"uid","type","attachmentId":"<id>"}}. */
    public String header(long attachmentId) {
      return EnvelopeCodec.toJson(new AttachmentHeader(envelope.uid(), envelope.type(), attachmentId, envelope.seq()));
    }
  }
}
