package io.tidings.socketio.parser;

/**
 * Reads the Engine.IO messages of one connection into packets. A packet can span several messages (the
 * default parser's binary attachments), so a decoder has state.
 *
 * <p>Confined to its connection: one thread at a time, the messages in the order they arrived. After a
 * {@link PacketFormatException} the connection must be closed, as Node's server closes it; the decoder is
 * not to be used again. It never holds more than the attachments of one packet, at most as many as its
 * parser allows, and never allocates by a count the client sent.
 */
public interface PacketDecoder {

  /**
   * Reads a text message. A message without data (Engine.IO {@code "4"}) is the empty string, which both
   * parsers reject, as Node's do.
   *
   * @return the packet this message completes, or {@code null} while a binary packet awaits attachments
   * @throws PacketFormatException when Node's parser would throw
   */
  Packet decode(String message) throws PacketFormatException;

  /**
   * Reads a binary message. The decoder may keep {@code message} (as an attachment or a binary value of
   * the packet); the caller must not change it afterwards.
   *
   * @return the packet this message completes, or {@code null} while a binary packet awaits attachments
   * @throws PacketFormatException when Node's parser would throw
   */
  Packet decode(byte[] message) throws PacketFormatException;
}
