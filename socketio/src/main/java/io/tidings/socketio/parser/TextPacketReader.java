package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads the text form {@code <type>[<attachments>-][<nsp>,][<id>][<json>]} exactly as socket.io-parser 4.2.7's
 * {@code decodeString} does, quirks included, for the answer to "does Node accept this?" to be the same:
 * <ul>
 *   <li>the type is {@code Number(first character)}, so a whitespace character is a CONNECT;</li>
 *   <li>the attachment count is {@code Number()} of everything up to the first {@code -}: {@code 0x2},
 *       {@code 1e1} and {@code " 3 "} count; it must be an integer from 1 to the parser's limit;</li>
 *   <li>a namespace starts with {@code /} right there and runs to the first comma or the end;</li>
 *   <li>the id is the run of digits and whitespace that follows, read with {@code Number()};</li>
 *   <li>whatever is left is JSON, which must suit the type ({@code isPayloadValid}).</li>
 * </ul>
 *
 * <p>Where Node goes on with an id that is no safe integer (NaN from {@code "1 2"}, a rounded or infinite
 * number from too many digits) and answers it with a broken ACK such as {@code 3NaN[]}, the decoder refuses
 * the packet ({@code "invalid packet id"}, see {@link Read#ackId()}) at the point Node would have accepted
 * it: only a forged packet has such an id.
 *
 * <p>Stateless and thread-safe.
 */
final class TextPacketReader {

  /** The event names socket.io-parser refuses in an EVENT. */
  private static final List<String> RESERVED_EVENTS =
      List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

  /**
   * What the text said: the wire type (BINARY_* included), the attachment count, and the packet's fields;
   * {@code id} is the JavaScript number read, NaN without one.
   */
  record Read(PacketType type, int attachments, String nsp, boolean hasId, double id, JsonNode data) {

    /**
     * The id as a long, once Node would have accepted the packet: Node goes on with an id that is no safe
     * integer, this refuses it.
     */
    Long ackId() throws PacketFormatException {
      if (!hasId) {
        return null;
      }
      if (!(id <= JavaScriptValues.MAX_SAFE_INTEGER)) { // NaN too; the text has no sign, so id >= 0
        throw new PacketFormatException("invalid packet id");
      }
      return (long) id;
    }
  }

  private TextPacketReader() {}

  static Read read(String str, int maxAttachments) throws PacketFormatException {
    int len = str.length();
    PacketType type = type(str);
    int i = 0;

    int attachments = 0;
    if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
      int dash = str.indexOf('-', 1);
      if (dash < 0) {
        throw new PacketFormatException("Illegal attachments");
      }
      double n = JavaScriptValues.toNumber(str, 1, dash);
      if (n != Math.rint(n) || Double.isInfinite(n) || n < 1) { // NaN fails the first test
        throw new PacketFormatException("Illegal attachments");
      }
      if (n > maxAttachments) {
        throw new PacketFormatException("too many attachments");
      }
      attachments = (int) n;
      i = dash;
    }

    String nsp = "/";
    if (i + 1 < len && str.charAt(i + 1) == '/') {
      int start = i + 1;
      int comma = str.indexOf(',', start);
      i = comma < 0 ? len : comma;
      nsp = str.substring(start, i);
    }

    double id = Double.NaN;
    boolean hasId = false;
    if (i + 1 < len && isIdCharacter(str.charAt(i + 1))) {
      int start = i + 1;
      int end = start;
      while (end < len && isIdCharacter(str.charAt(end))) {
        end++;
      }
      id = JavaScriptValues.toNumber(str, start, end);
      hasId = true;
      i = end - 1;
    }

    JsonNode data = null;
    if (i + 1 < len) {
      data = JsonReader.parse(str, i + 1);
      if (data == null || !isPayloadValid(type, data)) {
        throw new PacketFormatException("invalid payload");
      }
    }
    return new Read(type, attachments, nsp, hasId, id, data);
  }

  /** {@code Number(str.charAt(0))} as a packet type. */
  private static PacketType type(String str) throws PacketFormatException {
    char c = str.charAt(0);
    if (JavaScriptValues.isWhiteSpace(c)) {
      return PacketType.CONNECT;
    }
    PacketType type = JavaScriptValues.isDigit(c) ? PacketType.ofCode(c - '0') : null;
    if (type == null) {
      throw new PacketFormatException("unknown packet type " + (JavaScriptValues.isDigit(c) ? c : "NaN"));
    }
    return type;
  }

  /** The characters {@code c} for which JavaScript's {@code Number(c) == c}: digits and whitespace. */
  private static boolean isIdCharacter(char c) {
    return JavaScriptValues.isDigit(c) || JavaScriptValues.isWhiteSpace(c);
  }

  private static boolean isPayloadValid(PacketType type, JsonNode payload) {
    return switch (type) {
      case CONNECT -> payload.isObject();
      case DISCONNECT -> false;
      case CONNECT_ERROR -> payload.isTextual() || payload.isObject();
      case EVENT, BINARY_EVENT -> payload.isArray() && isEventName(payload.get(0));
      case ACK, BINARY_ACK -> payload.isArray();
    };
  }

  private static boolean isEventName(JsonNode first) {
    return first != null && (first.isNumber() || first.isTextual() && !RESERVED_EVENTS.contains(first.textValue()));
  }
}
