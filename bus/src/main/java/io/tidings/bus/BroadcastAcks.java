package io.tidings.bus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link BusNamespace#broadcastWithAck broadcast with acknowledgements} ended. Immutable.
 *
 * @param requestId    the {@code requestId} the broadcast carried
 * @param acks         every acknowledgement received (type 12), in arrival order
 * @param clientCounts each answering peer's client count (type 11), by uid
 * @param peersLeft    peers dropped from the expectation because they left or were evicted before their
 *                     count was met (their acks so far are in {@link #acks})
 * @param peersMissing peers still expected when the request ended: not answered, or answered only in
 *                     part; empty when it completed
 * @param timedOut     true when the timeout ended it (Node then calls the ack callback with an error)
 */
public record BroadcastAcks(String requestId, List<BusMessage> acks, Map<String, Integer> clientCounts,
    Set<String> peersLeft, Set<String> peersMissing, boolean timedOut) {

  public BroadcastAcks {
    acks = List.copyOf(acks);
    clientCounts = Map.copyOf(clientCounts);
    peersLeft = Set.copyOf(peersLeft);
    peersMissing = Set.copyOf(peersMissing);
  }

  /** Nothing from anyone: what a bus without peers answers at once. */
  public static BroadcastAcks none(String requestId) {
    return new BroadcastAcks(requestId, List.of(), Map.of(), Set.of(), Set.of(), false);
  }

  /** True when every expected peer sent its count and that many acknowledgements. */
  public boolean complete() {
    return peersMissing.isEmpty() && !timedOut;
  }

  /** The clients the peers reported, summed (Node's {@code expectedClientCount} without the local part). */
  public int clientCount() {
    return clientCounts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
