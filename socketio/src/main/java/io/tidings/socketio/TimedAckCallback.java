package io.tidings.socketio;

/**
 * Receives a client's acknowledgement, or the timeout: the trailing argument of
 * {@code socket.timeout(d).emit(…)}, Node's {@code (err, ...args) => …}. Threading as {@link AckCallback}.
 */
@FunctionalInterface
public interface TimedAckCallback {

  /**
   * @param error null, or an {@link AckTimeoutException} when no acknowledgement came in time
   * @param args  the acknowledgement's arguments; empty on timeout
   */
  void onAck(Throwable error, Args args);
}
