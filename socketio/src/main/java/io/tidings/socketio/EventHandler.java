package io.tidings.socketio;

/**
 * Handles one event of a socket: {@code socket.on("chat", (args, ack) -> …)}, Node's
 * {@code socket.on("chat", (...args, callback) => …)}.
 *
 * <p><b>Threading:</b> called once per event, one at a time per socket, in the order the client sent them:
 * on the socket's event loop (then it must not block), or on the server's handler executor when one is set.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * @param args the event's arguments (its name not included)
   * @param ack  the acknowledgement; {@link Ack#requested()} says whether the client asked for one
   */
  void handle(Args args, Ack ack);
}
