package io.tidings.socketio.parser;

/**
 * A message that Node's parser rejects. The message text is the one Node's parser throws where there is
 * one ({@code "invalid payload"}, {@code "Illegal attachments"}, …): Node's server hands that error to the
 * sockets of the connection ({@code socket.on("error")}) and closes the connection.
 */
public final class PacketFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  public PacketFormatException(String message) {
    super(message);
  }
}
