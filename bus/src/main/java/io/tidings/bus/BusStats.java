package io.tidings.bus;

/**
 * Running totals of one bus, for metrics. Values only grow, except {@link #peers()} and
 * {@link #queuedMessages()}. Implementations read live counters; every method is thread-safe.
 */
public interface BusStats {
  /** Messages handed to the database (each NOTIFY or attachment counts once). */
  long publishedMessages();
  /** Statements that carried them ({@code publishedMessages / publishStatements} = batch size). */
  long publishStatements();
  /** Messages waiting to be sent. */
  long queuedMessages();
  /** Messages dropped because the outgoing queue was full or the database refused them. */
  long droppedMessages();
  /**
   * Received messages dropped because the listener fell too far behind (the delivery hand-off was full).
   * A default of 0 for buses that never drop on delivery.
   */
  default long droppedDeliveries() {
    return 0;
  }
  /** Notifications received (all namespaces, own included). */
  long receivedMessages();
  /** Messages spilled to the attachment table. */
  long attachmentsWritten();
  /** Attachments read back. */
  long attachmentsRead();
  /** Messages that could not be decoded or whose attachment was gone; counted and logged, then dropped. */
  long undecodableMessages();
  /** Times the LISTEN connection was lost. */
  long listenReconnects();
  /** Peer messages known missed, from gaps in their sequence numbers. */
  long missedMessages();
  /** Live peers summed over namespaces. */
  int peers();
}
