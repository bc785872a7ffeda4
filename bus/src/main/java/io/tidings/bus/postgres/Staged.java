package io.tidings.bus.postgres;

import io.tidings.bus.wire.Publication;

/**
 * A message the {@link NotifyPublisher} took out of the queue: its sequence number and final payload (or
 * attachment row) are fixed. Belongs to the publisher's event loop.
 */
final class Staged {
  final Outgoing source;
  /** The NOTIFY payload; for an attachment, its header once the row is in. */
  String payload;
  /** False for a sender that numbers nothing: its payload may equal another's. */
  final boolean numbered;
  /** Non-null while the attachment row still has to be inserted. */
  Publication.Attachment attachment;

  Staged(Outgoing source, Publication p, boolean numbered) {
    this.source = source;
    this.numbered = numbered;
    if (p instanceof Publication.Attachment a) {
      this.attachment = a;
    } else {
      this.payload = p.json();
    }
  }

  boolean awaitsInsert() {
    return attachment != null;
  }
}
