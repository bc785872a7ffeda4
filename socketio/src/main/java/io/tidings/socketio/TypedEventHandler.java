package io.tidings.socketio;

/**
 * Handles one event whose first argument Jackson converts to {@code T}:
 * {@code socket.on("move", Move.class, (move, ack) -> …)}. Threading as {@link EventHandler}. An argument
 * that does not convert is bad input from that client: the event is dropped (logged and counted), the
 * connection stays.
 */
@FunctionalInterface
public interface TypedEventHandler<T> {

  void handle(T value, Ack ack);
}
