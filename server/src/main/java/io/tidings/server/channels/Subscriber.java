package io.tidings.server.channels;

import io.tidings.transport.fanout.Recipient;

/**
 * A local socket as this node's channel registry sees it: who it is, where a broadcast reaches it, and
 * how it is told to go. The Pusher connection implements it; the registry needs nothing more of the
 * protocol.
 *
 * <p><b>Threading:</b> {@link #socketId} and {@link #recipient} never change and may be read from any
 * thread; {@link #closeWith} may be called from any thread (it hops to the socket's loop).
 */
public interface Subscriber {

  /** The socket id ({@code \d+\.\d+}), unique across nodes. */
  String socketId();

  /** What a broadcast to the socket's channels writes to (the transport's connection). */
  Recipient recipient();

  /**
   * Closes the socket: a {@code pusher:error} with {@code code} and {@code message} first when the message
   * is not null, then a close frame with {@code code}. Idempotent.
   */
  void closeWith(int code, String message);
}
