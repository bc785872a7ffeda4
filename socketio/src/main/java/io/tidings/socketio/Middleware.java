package io.tidings.socketio;

/**
 * Runs before a socket connects to a namespace: {@code io.use((socket, next) -> …)}. Each middleware
 * calls {@link Next#proceed()} to let the next one run (the socket connects after the last), or
 * {@link Next#fail} to refuse the connection with CONNECT_ERROR; neither ends the wait, which the
 * client's own timeout bounds, as in Node.
 *
 * <p><b>Threading:</b> called as event handlers are (on the connection's loop, or on the handler executor);
 * {@code next} may be called later, from any thread.
 */
@FunctionalInterface
public interface Middleware {

  void handle(Socket socket, Next next);

  /** Node's {@code next}: call one of its methods once. */
  interface Next {

    /** Lets the connection go on ({@code next()}). */
    void proceed();

    /** Refuses it ({@code next(err)}): CONNECT_ERROR with the error's message (and a {@link ConnectError}'s data). */
    void fail(Exception error);
  }
}
