package io.tidings.socketio;

/**
 * Receives a client's acknowledgement of an event the server emitted: pass one as the last argument of
 * {@code emit} (Node's trailing callback).
 *
 * <p><b>Threading:</b> called as the socket's event handlers are (on its loop, or on the handler executor,
 * in order with the socket's events).
 */
@FunctionalInterface
public interface AckCallback {

  void onAck(Args args);
}
