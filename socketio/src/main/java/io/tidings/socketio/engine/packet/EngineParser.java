package io.tidings.socketio.engine.packet;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Engine.IO packets and writes long-polling payloads exactly as {@code engine.io-parser} 5.2.3 does.
 *
 * <p>Reading never fails where Node's parser does not, and fails wherever it returns its error packet:
 * <ul>
 *   <li>a text packet is a type digit {@code 0}–{@code 6} followed by its data; anything else, the empty
 *       string included, is a parse error;</li>
 *   <li>a text packet starting with {@code b} is a binary message in base64, decoded as leniently as Node's
 *       {@code Buffer.from(data, "base64")} does, so it never fails;</li>
 *   <li>binary input (a binary WebSocket frame) is always a binary message;</li>
 *   <li>a polling payload is split at every {@code \x1e}: an empty piece (two separators in a row, a
 *       separator at either end, an empty payload) is a parse error.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class EngineParser {

  /** What separates the packets of a long-polling payload: the record separator, {@code \x1e}. */
  public static final char SEPARATOR = '\u001e';

  private EngineParser() {}

  /**
   * Reads one text packet: a WebSocket text frame, or one piece of a polling payload.
   *
   * @throws EngineParseException where {@code engine.io-parser} returns its error packet
   */
  public static EnginePacket decodePacket(String encoded) throws EngineParseException {
    return decodePacket(encoded, 0, encoded.length());
  }

  /** Reads a binary WebSocket frame: always a binary message, holding {@code frame} itself. */
  public static EnginePacket decodePacket(byte[] frame) {
    return EnginePacket.message(frame);
  }

  /**
   * Reads a long-polling payload and hands each packet to {@code sink} in order. At a malformed packet it
   * throws, after the packets before it were handed on, as Node's server does with the packets it read
   * before the error packet.
   *
   * @throws EngineParseException at the first malformed packet
   */
  public static void decodePayload(String payload, Consumer<? super EnginePacket> sink) throws EngineParseException {
    int start = 0;
    while (true) {
      int end = payload.indexOf(SEPARATOR, start);
      if (end < 0) {
        end = payload.length();
      }
      sink.accept(decodePacket(payload, start, end));
      if (end == payload.length()) {
        return;
      }
      start = end + 1;
    }
  }

  /**
   * Reads the body of a long-polling POST: its UTF-8 text as Node's {@code req.setEncoding("utf8")} reads it
   * (see {@link Utf8#decode(byte[])}), then {@link #decodePayload(String, Consumer)}.
   *
   * @throws EngineParseException at the first malformed packet
   */
  public static void decodePayload(byte[] body, Consumer<? super EnginePacket> sink) throws EngineParseException {
    decodePayload(Utf8.decode(body), sink);
  }

  /** The long-polling payload of {@code packets}, UTF-8: their polling forms joined with {@code \x1e}. */
  public static byte[] encodePayload(List<EncodedPacket> packets) {
    int size = Math.max(0, packets.size() - 1);
    for (EncodedPacket p : packets) {
      size += p.pollingForm().length;
    }
    byte[] payload = new byte[size];
    int at = 0;
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) {
        payload[at++] = SEPARATOR;
      }
      byte[] form = packets.get(i).pollingForm();
      System.arraycopy(form, 0, payload, at, form.length);
      at += form.length;
    }
    return payload;
  }

  private static EnginePacket decodePacket(String s, int from, int to) throws EngineParseException {
    if (from == to) {
      throw new EngineParseException();
    }
    char first = s.charAt(from);
    if (first == 'b') {
      return EnginePacket.message(NodeBase64.decode(s, from + 1, to));
    }
    EnginePacketType type = EnginePacketType.ofCode(first);
    if (type == null) {
      throw new EngineParseException();
    }
    return new EnginePacket.Text(type, s.substring(from + 1, to));
  }
}
