package io.tidings.socketio;

/**
 * Sees every event of a socket, incoming ({@code onAny}, called before the event's middlewares and
 * handlers, as in Node) or outgoing ({@code onAnyOutgoing}, for what the socket emits itself). Threading as
 * {@link EventHandler}.
 */
@FunctionalInterface
public interface AnyListener {

  void onEvent(String event, Args args);
}
