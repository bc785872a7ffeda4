package io.tidings.bus;

/**
 * Sees the answers to one {@link BusNamespace#broadcastWithAck broadcast with acknowledgements} as they
 * arrive, before the request completes: Node's {@code clientCountCallback} is {@link #onClientCount}, and
 * {@link #onAck} lets a caller stream the acknowledgements instead of waiting for all of them.
 *
 * <p><b>Threading:</b> called on the bus's delivery thread, in the namespace's order, one call at a time,
 * never after the request's future completed (the completion runs on that thread too, after the last
 * call). Implementations must not block.
 */
public interface AckListener {

  /** Ignores everything; for callers that only want the completion. */
  AckListener NONE = new AckListener() {};

  /**
   * Peer {@code uid} reached {@code clientCount} clients (BROADCAST_CLIENT_COUNT, type 11), so as many
   * acknowledgements will follow from it. Called once per peer; 0 when the peer had none or left the count
   * out (Go peers omit a count of 0).
   */
  default void onClientCount(String uid, int clientCount) {}

  /**
   * One client's acknowledgement (BROADCAST_ACK, type 12): {@code data.packet} is the client's first ack
   * argument when a Node or Tidings peer sent it, the array of all its arguments when a Go peer did.
   */
  default void onAck(BusMessage ack) {}
}
