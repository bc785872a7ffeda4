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
  /**
   * {@link #droppedDeliveries()} by namespace: each namespace has its own delivery bound, so a flood on
   * one shows here under its name and leaves the others at 0. A fresh copy; empty for buses that never
   * drop on delivery.
   */
  default java.util.Map<String, Long> droppedDeliveriesByNamespace() {
    return java.util.Map.of();
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
  /**
   * Messages known missed, from gaps in their senders' sequence numbers (peers', and with replay on this
   * node's own, which NOTIFY does not bring back while the LISTEN connection is down); recovered or not.
   */
  long missedMessages();
  /** Missed messages (own or peers') delivered late, by replay. A default of 0 for buses without replay. */
  default long replayedMessages() {
    return 0;
  }
  /**
   * Sequence numbers missed and never recovered: the sender's replay ring no longer held them, the sender
   * left or did not answer in time, or replay is off. An upper bound: a number may have been a heartbeat.
   */
  default long unrecoveredMessages() {
    return 0;
  }
  /** Payload characters held in this node's replay rings (its recently sent messages). */
  default long replayRingBytes() {
    return 0;
  }
  /** Live peers summed over namespaces. */
  int peers();
}
