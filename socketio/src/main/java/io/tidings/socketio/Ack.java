package io.tidings.socketio;

/**
 * The acknowledgement a client asked for with an event (Node's trailing callback on the server side).
 * Only the first {@link #send} is sent, as in Node. When the client asked for none, {@link #requested()}
 * is false and {@link #send} does nothing.
 *
 * <p><b>Threading:</b> any thread, any time (an acknowledgement may be sent after a database call).
 */
public interface Ack {

  /** Sends the acknowledgement with {@code args} (converted as {@code emit} converts them). */
  void send(Object... args);

  /** Whether the client asked for an acknowledgement. */
  boolean requested();
}
