package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where an {@link Outgoing} message is published from, as the {@link NotifyPublisher} needs to know it: a
 * namespace this node joined ({@link PostgresNamespace}), or a namespace the publish-only handle writes to
 * ({@link PostgresBusPublisher}), which listens to nothing and numbers nothing.
 *
 * <p><b>Threading:</b> {@link #uid()}, {@link #name()} and {@link #channel()} are constants, read from any
 * thread; the other methods are called on the owning event loop only.
 */
interface OutgoingSource {

  /** The sender's uid on the wire. */
  String uid();

  /** The namespace name (the envelope's {@code nsp}). */
  String name();

  /** The NOTIFY channel. */
  String channel();

  /** False while messages must wait for this sender's first LISTEN (they are then {@link #hold held}). */
  boolean listening();

  /** Keeps a message back until {@link #listening()}. */
  void hold(Outgoing o);

  /** The next sequence number, or {@code -1} for a sender that does not number its messages. */
  long nextSeq();

  /** A message just numbered: its payload, or its data when it holds binary (kept for replay). */
  void sent(long seq, int type, String payload, JsonNode binaryData);

  /**
   * True when this sender's own notifications come back to this process, so the content of its attachment
   * rows is worth remembering rather than reading back.
   */
  boolean hearsOwn();
}
