package io.tidings.bus;

/**
 * Receives what happens on one namespace of the bus.
 *
 * <p><b>Threading:</b> every method is called on the bus's single delivery thread, one call at a time,
 * in the namespace's total order: all nodes see the messages of a namespace in the same order (PostgreSQL
 * delivers notifications in commit order), and a node's own messages come back in that order too. Each
 * namespace has its own bounded delivery lane, so calls for different namespaces interleave in no
 * guaranteed order, and a slow listener on one namespace can only lose messages of its own namespace.
 * Implementations must not block; hand slow work to another executor.
 *
 * <p><b>After a gap</b> (this node's LISTEN connection was down), the messages it missed are replayed
 * when the bus can recover them: each sender's messages still arrive exactly once and in the order that
 * sender published them, but the ones replayed arrive when their sender's replay does, so across senders
 * the order may differ from the one other nodes saw.
 */
public interface BusListener {

  /**
   * A message of the namespace, including this node's own ({@link BusMessage#fromSelf()}).
   * Heartbeats (types 1, 2, 13) are consumed by the bus and reported through {@link #onNodeJoined}
   * and {@link #onNodeLeft} instead; responses that answer one of this node's pending
   * {@link BusNamespace#request requests} complete that request and are not delivered here.
   */
  void onMessage(BusMessage message);

  /** A peer was heard from for the first time (or again after it had been declared gone). */
  default void onNodeJoined(String uid) {}

  /**
   * A peer is gone: it announced ADAPTER_CLOSE, or it stayed silent for the heartbeat timeout.
   * Each node decides this on its own clock; when all nodes must agree on one moment, publish a
   * message and act when it comes back in the total order.
   *
   * @param timedOut true for a heartbeat timeout, false for an announced close
   */
  default void onNodeLeft(String uid, boolean timedOut) {}

  /**
   * The bus lost its LISTEN connection and has it back: peers may have changed anything while this
   * node was deaf, so state that peers keep about this node should be announced again.
   *
   * @param missedMessages messages known to be missed (from sequence-number gaps) and not recovered by
   *                       replay so far, possibly 0
   */
  default void onReconnected(long missedMessages) {}
}
