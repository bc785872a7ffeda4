package io.tidings.socketio.cluster;

import io.tidings.socketio.adapter.SocketDetails;
import java.util.List;

/**
 * A cluster {@code fetchSockets} ended at its timeout with servers that had not answered, as Node's
 * {@code "timeout reached: missing N responses"}; {@link #sockets()} holds what this node and the servers that
 * answered found. Immutable.
 */
public final class FetchSocketsTimeoutException extends RuntimeException {

  private final int missing;
  private final transient List<SocketDetails> sockets;

  public FetchSocketsTimeoutException(int missing, List<SocketDetails> sockets) {
    super("timeout reached: missing " + missing + " responses", null, false, false);
    this.missing = missing;
    this.sockets = List.copyOf(sockets);
  }

  /** How many servers did not answer in time. */
  public int missing() {
    return missing;
  }

  /** The sockets found by this node and by the servers that answered. */
  public List<SocketDetails> sockets() {
    return sockets;
  }
}
