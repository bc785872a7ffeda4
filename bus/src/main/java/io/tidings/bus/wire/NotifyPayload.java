package io.tidings.bus.wire;

/**
 * What one NOTIFY payload on a bus channel carries: a whole message ({@link Envelope}) or the header of a
 * message parked in the attachment table ({@link AttachmentHeader}). Immutable.
 */
public sealed interface NotifyPayload permits Envelope, AttachmentHeader {

  /** The sender's uid ({@code ""} when the payload named none). */
  String uid();

  /** The message type (1–13 for the socket.io cluster adapter, 20+ for Tidings-only types). */
  int type();

  /** The sender's per-namespace sequence number, or {@code -1} when it sent none (Node peers, emitters). */
  long seq();
}
