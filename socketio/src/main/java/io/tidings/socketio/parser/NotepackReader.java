package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.bus.wire.MessagePack;
import io.tidings.socketio.engine.packet.Utf8;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack.UnpackerConfig;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads one MessagePack value as {@code notepack.io} 2.2's decoder does, into the tree of what JavaScript
 * then holds. The bytes are msgpack-core's to read; the meaning is notepack's, which differs from the
 * bus's {@code @msgpack/msgpack} decoding in most of its corners:
 * <ul>
 *   <li>every number is a JavaScript number (a 64-bit integer past 2^53 is rounded);</li>
 *   <li>extension type 0 is JavaScript's: fixext 1 is {@code undefined} (a {@code MissingNode}), fixext 8
 *       a {@code Date} (here its JSON, the ISO string, or {@code null} when invalid), ext 8/16/32 an
 *       {@code ArrayBuffer} (a {@code BinaryNode}); any other extension is the array
 *       {@code [type, <bytes>]};</li>
 *   <li>map keys become strings as JavaScript turns a value into a property key ({@code 1} → {@code "1"},
 *       {@code [1,null]} → {@code "1,"}, a map → {@code "[object Object]"}, a Date → its
 *       {@code toString()} in UTC); a {@code __proto__} key sets the object's prototype, so it is not
 *       kept; a repeated key keeps its first place and its last value; array-index keys come first.</li>
 * </ul>
 * Every declared length is checked against the bytes left before anything is allocated (notepack itself
 * would allocate an {@code ArrayBuffer} of any declared size), and nesting deeper than
 * {@value #MAX_DEPTH} is refused where Node would overflow its stack somewhat later.
 *
 * <p>Not thread-safe: one reader per message.
 */
final class NotepackReader {

  /** How deep arrays and maps may nest. */
  static final int MAX_DEPTH = JsonReader.MAX_DEPTH;

  private static final UnpackerConfig UNPACKER = new UnpackerConfig();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final double MAX_DATE_MILLIS = 8.64e15;
  private static final DateTimeFormatter DATE_TO_STRING =
      DateTimeFormatter.ofPattern("EEE MMM dd", Locale.US);
  private static final DateTimeFormatter TIME_TO_STRING =
      DateTimeFormatter.ofPattern("HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.US);

  private final MessageUnpacker in;
  private final long size;

  private NotepackReader(MessageUnpacker in, long size) {
    this.in = in;
    this.size = size;
  }

  /** The value {@code bytes} hold, which must fill them exactly. */
  static JsonNode read(byte[] bytes) throws PacketFormatException {
    try (MessageUnpacker in = UNPACKER.newUnpacker(bytes)) {
      JsonNode value = new NotepackReader(in, bytes.length).value(0);
      if (in.hasNext()) {
        throw new PacketFormatException((bytes.length - in.getTotalReadBytes()) + " trailing bytes");
      }
      return value;
    } catch (IOException | MessagePackException malformed) {
      throw new PacketFormatException("Could not parse: " + malformed.getMessage());
    }
  }

  private JsonNode value(int depth) throws IOException, PacketFormatException {
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case NIL -> {
        in.unpackNil();
        return NullNode.getInstance();
      }
      case BOOLEAN -> {
        return BooleanNode.valueOf(in.unpackBoolean());
      }
      case INTEGER -> {
        return format == MessageFormat.UINT64
            ? JavaScriptValues.number(in.unpackBigInteger().doubleValue())
            : JavaScriptValues.number(in.unpackLong());
      }
      case FLOAT -> {
        return JavaScriptValues.number(in.unpackDouble());
      }
      case STRING -> {
        return TextNode.valueOf(utf8(payload(in.unpackRawStringHeader())));
      }
      case BINARY -> {
        return BinaryNode.valueOf(payload(in.unpackBinaryHeader()));
      }
      case ARRAY -> {
        int n = in.unpackArrayHeader();
        checkLength(n);
        checkDepth(depth);
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
          array.add(value(depth + 1));
        }
        return array;
      }
      case MAP -> {
        int n = in.unpackMapHeader();
        checkLength(2L * n);
        checkDepth(depth);
        ObjectNode object = NODES.objectNode();
        boolean indexKeys = false;
        for (int i = 0; i < n; i++) {
          String key = key(depth + 1, false);
          JsonNode value = value(depth + 1);
          if (key.equals("__proto__")) {
            continue;
          }
          object.set(key, value);
          indexKeys |= JavaScriptValues.isArrayIndex(key);
        }
        if (indexKeys) {
          JavaScriptValues.orderIndexKeysFirst(object);
        }
        return object;
      }
      case EXTENSION -> {
        return extension(format);
      }
      default -> throw new PacketFormatException("Could not parse");
    }
  }

  private JsonNode extension(MessageFormat format) throws IOException, PacketFormatException {
    ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
    byte[] data = payload(header.getLength());
    if (header.getType() == 0) {
      switch (format) {
        case FIXEXT1 -> {
          return MissingNode.getInstance();
        }
        case FIXEXT8 -> {
          double millis = dateMillis(data);
          return Math.abs(millis) > MAX_DATE_MILLIS
              ? NullNode.getInstance()
              : MessagePack.javaScriptDate(Instant.ofEpochMilli((long) millis));
        }
        case EXT8, EXT16, EXT32 -> {
          return BinaryNode.valueOf(data);
        }
        default -> { } // fixext 2, 4 and 16 of type 0 are plain extensions to notepack
      }
    }
    ArrayNode typed = NODES.arrayNode(2);
    typed.add(IntNode.valueOf(header.getType()));
    typed.add(BinaryNode.valueOf(data));
    return typed;
  }

  /**
   * The next value as JavaScript's {@code String(value)}, the property key it becomes; inside an array (an
   * array's {@code join}) {@code null} and {@code undefined} are empty.
   */
  private String key(int depth, boolean inArray) throws IOException, PacketFormatException {
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case STRING -> {
        return utf8(payload(in.unpackRawStringHeader()));
      }
      case NIL -> {
        in.unpackNil();
        return inArray ? "" : "null";
      }
      case BOOLEAN -> {
        return String.valueOf(in.unpackBoolean());
      }
      case INTEGER, FLOAT -> {
        return numberToString(value(depth).doubleValue());
      }
      case BINARY -> {
        return utf8(payload(in.unpackBinaryHeader()));
      }
      case ARRAY -> {
        int n = in.unpackArrayHeader();
        checkLength(n);
        checkDepth(depth);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            joined.append(',');
          }
          joined.append(key(depth + 1, true));
        }
        return joined.toString();
      }
      case MAP -> {
        value(depth);
        return "[object Object]";
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        byte[] data = payload(header.getLength());
        if (header.getType() == 0 && format == MessageFormat.FIXEXT1) {
          return inArray ? "" : "undefined";
        }
        if (header.getType() == 0 && format == MessageFormat.FIXEXT8) {
          return dateToString(dateMillis(data));
        }
        if (header.getType() == 0
            && (format == MessageFormat.EXT8 || format == MessageFormat.EXT16 || format == MessageFormat.EXT32)) {
          return "[object ArrayBuffer]";
        }
        return header.getType() + "," + utf8(data);
      }
      default -> throw new PacketFormatException("Could not parse");
    }
  }

  private byte[] payload(int length) throws IOException, PacketFormatException {
    checkLength(length);
    return in.readPayload(length);
  }

  /** Refuses a declared length the bytes left cannot hold, before anything of that size is allocated. */
  private void checkLength(long declared) throws PacketFormatException {
    if (declared < 0 || declared > size - in.getTotalReadBytes()) {
      throw new PacketFormatException("Could not parse: a length of " + declared + " at offset "
          + in.getTotalReadBytes() + " exceeds the message");
    }
  }

  private static void checkDepth(int depth) throws PacketFormatException {
    if (depth >= MAX_DEPTH) {
      throw new PacketFormatException("Could not parse: nested deeper than " + MAX_DEPTH);
    }
  }

  /** notepack's Date: a signed high and an unsigned low 32-bit half of the milliseconds. */
  private static double dateMillis(byte[] eight) {
    long hi = (eight[0] << 24) | (eight[1] & 0xff) << 16 | (eight[2] & 0xff) << 8 | (eight[3] & 0xff);
    long lo = (eight[4] & 0xffL) << 24 | (eight[5] & 0xff) << 16 | (eight[6] & 0xff) << 8 | (eight[7] & 0xff);
    return hi * 4294967296d + lo;
  }

  /** JavaScript's {@code Date.prototype.toString}, in UTC. */
  private static String dateToString(double millis) {
    if (Math.abs(millis) > MAX_DATE_MILLIS) {
      return "Invalid Date";
    }
    ZonedDateTime t = Instant.ofEpochMilli((long) millis).atZone(ZoneOffset.UTC);
    int year = t.getYear();
    String paddedYear = (year < 0 ? "-" : "") + String.format(Locale.ROOT, "%04d", Math.abs(year));
    return DATE_TO_STRING.format(t) + " " + paddedYear + " " + TIME_TO_STRING.format(t);
  }

  /** JavaScript's {@code String(number)}. */
  private static String numberToString(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return JavaScriptJson.formatNumber(d);
  }

  /** Node's {@code buffer.toString("utf8")}: each malformed sequence becomes U+FFFD as Node replaces it. */
  private static String utf8(byte[] bytes) {
    return Utf8.decode(bytes);
  }
}
