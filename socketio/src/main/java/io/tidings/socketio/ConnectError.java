package io.tidings.socketio;

/**
 * Refuses a connection from a middleware: {@code next.fail(new ConnectError("not authorized", data))} sends
 * the client Node's CONNECT_ERROR {@code {"message":…,"data":…}} (Node's {@code next(err)} with
 * {@code err.data}). Any other exception given to {@code fail} sends its message and no data.
 */
public class ConnectError extends RuntimeException {

  private final transient Object data;

  public ConnectError(String message) {
    this(message, null);
  }

  public ConnectError(String message, Object data) {
    super(message, null, false, false);
    this.data = data;
  }

  /** What travels as {@code data} (converted as {@code emit} converts values); may be null. */
  public Object data() {
    return data;
  }
}
