package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack.PackerConfig;
import org.msgpack.core.MessagePack.UnpackerConfig;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * MessagePack for Jackson trees, byte-compatible with {@code @msgpack/msgpack} 2.8 at its defaults, the
 * encoder the Node adapter uses for attachment rows.
 *
 * <p>Encoding: map keys in the tree's order; integers (and integral doubles up to 2^53, which
 * JavaScript cannot tell apart from integers) in the smallest int format; other numbers as float64;
 * strings as fixstr/str8/16/32 of their UTF-8 (lone surrogates as U+FFFD, as {@code TextEncoder} does);
 * {@code BinaryNode} as bin8/16/32. Integers beyond 2^53 stay exact as int64/uint64 where JavaScript
 * would round them to a float64.
 *
 * <p>Decoding: bin becomes {@code BinaryNode}; a timestamp (ext −1) becomes the ISO-8601 string that
 * JavaScript's {@code Date.prototype.toJSON} gives for the same {@code Date}; any other extension becomes
 * {@code {"type":n,"data":<binary>}}; non-string map keys become their text. Lengths are checked against
 * the input before anything is allocated, so a corrupt row cannot make it allocate more than its size.
 *
 * <p>Encoding has a second {@linkplain Dialect dialect}, {@code notepack.io} 2.2 (what
 * {@code socket.io-msgpack-parser} speaks), which differs from the default in two places only: a missing
 * node ({@code undefined}) is written as notepack's fixext 1 type 0 ({@code d4 00 00}) wherever it is,
 * and an integral double beyond 2^53 keeps its exact value as int64/uint64 when it fits in 64 bits.
 * Decoding is the default dialect's only.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessagePack {

  /** Which JavaScript encoder's bytes {@link #pack(JsonNode, MessagePacker, Dialect)} reproduces. */
  public enum Dialect {
    /** {@code @msgpack/msgpack} 2.8 at its defaults: the bus's attachment rows. */
    MSGPACK_JAVASCRIPT,
    /** {@code notepack.io} 2.2, the encoder of {@code socket.io-msgpack-parser} 3.0. */
    NOTEPACK
  }

  private static final PackerConfig PACKER = new PackerConfig();
  private static final UnpackerConfig UNPACKER = new UnpackerConfig();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final double MAX_SAFE_INTEGER = 9007199254740991d;
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final int MAX_DEPTH = 500;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final long MAX_JS_DATE_MILLIS = 8_640_000_000_000_000L;
  private static final double TWO_TO_63 = 0x1p63;
  private static final double TWO_TO_64 = 0x1p64;
  private static final byte NOTEPACK_UNDEFINED_TYPE = 0;
  private static final byte[] NOTEPACK_UNDEFINED_DATA = {0};

  private MessagePack() {}

  /** The MessagePack bytes of {@code node}. */
  public static byte[] encode(JsonNode node) {
    MessageBufferPacker packer = PACKER.newBufferPacker();
    try {
      pack(node, packer);
      return packer.toByteArray();
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
  }

  /** Writes {@code node} to {@code packer} as {@code @msgpack/msgpack} would. */
  public static void pack(JsonNode node, MessagePacker packer) throws IOException {
    pack(node, packer, Dialect.MSGPACK_JAVASCRIPT);
  }

  /** Writes {@code node} to {@code packer} as the encoder of {@code dialect} would. */
  public static void pack(JsonNode node, MessagePacker packer, Dialect dialect) throws IOException {
    boolean notepack = dialect == Dialect.NOTEPACK;
    switch (node.getNodeType()) {
      case OBJECT -> {
        int size = 0;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (notepack || field.getValue().getNodeType() != JsonNodeType.MISSING) size++;
        }
        packer.packMapHeader(size);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (!notepack && field.getValue().getNodeType() == JsonNodeType.MISSING) continue;
          packString(field.getKey(), packer);
          pack(field.getValue(), packer, dialect);
        }
      }
      case ARRAY -> {
        packer.packArrayHeader(node.size());
        for (JsonNode element : node) {
          pack(element, packer, dialect);
        }
      }
      case STRING -> packString(node.textValue(), packer);
      case NUMBER -> {
        if (notepack) {
          packNotepackNumber(node, packer);
        } else {
          packNumber(node, packer);
        }
      }
      case BOOLEAN -> packer.packBoolean(node.booleanValue());
      case BINARY -> {
        byte[] bytes = node.binaryValue();
        packer.packBinaryHeader(bytes.length);
        packer.writePayload(bytes);
      }
      case POJO -> packString(String.valueOf(node), packer);
      case NULL -> packer.packNil();
      case MISSING -> {
        if (notepack) {
          packer.packExtensionTypeHeader(NOTEPACK_UNDEFINED_TYPE, 1);
          packer.writePayload(NOTEPACK_UNDEFINED_DATA);
        } else {
          packer.packNil();
        }
      }
    }
  }

  /** Writes {@code s} as a MessagePack string. */
  public static void packString(String s, MessagePacker packer) throws IOException {
    byte[] utf8 = wellFormed(s).getBytes(StandardCharsets.UTF_8);
    packer.packRawStringHeader(utf8.length);
    packer.writePayload(utf8);
  }

  /**
   * Reads one value that must fill {@code bytes} exactly.
   *
   * @throws IOException when the bytes are not one well-formed MessagePack value
   */
  public static JsonNode decode(byte[] bytes) throws IOException {
    try (MessageUnpacker unpacker = UNPACKER.newUnpacker(bytes)) {
      JsonNode value = unpack(unpacker, bytes.length, 0);
      if (unpacker.hasNext()) {
        throw new IOException("Trailing bytes after the MessagePack value at offset " + unpacker.getTotalReadBytes());
      }
      return value;
    } catch (RuntimeException malformed) {
      // msgpack-core reports some malformed input with unchecked exceptions.
      throw new IOException("Malformed MessagePack: " + malformed.getMessage(), malformed);
    }
  }

  /** Reads the next value; {@code limit} is the input size, which no declared length may exceed. */
  static JsonNode unpack(MessageUnpacker in, long limit, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("MessagePack nested deeper than " + MAX_DEPTH);
    }
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case NIL -> {
        in.unpackNil();
        return NODES.nullNode();
      }
      case BOOLEAN -> {
        return NODES.booleanNode(in.unpackBoolean());
      }
      case INTEGER -> {
        if (format == MessageFormat.UINT64) {
          BigInteger big = in.unpackBigInteger();
          return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
        }
        long v = in.unpackLong();
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
      }
      case FLOAT -> {
        return NODES.numberNode(in.unpackDouble());
      }
      case STRING -> {
        int length = in.unpackRawStringHeader();
        check(length, in, limit);
        return NODES.textNode(new String(in.readPayload(length), StandardCharsets.UTF_8));
      }
      case BINARY -> {
        int length = in.unpackBinaryHeader();
        check(length, in, limit);
        return NODES.binaryNode(in.readPayload(length));
      }
      case ARRAY -> {
        int size = in.unpackArrayHeader();
        check(size, in, limit);
        ArrayNode array = NODES.arrayNode(size);
        for (int i = 0; i < size; i++) {
          array.add(unpack(in, limit, depth + 1));
        }
        return array;
      }
      case MAP -> {
        int size = in.unpackMapHeader();
        check(size * 2L, in, limit);
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < size; i++) {
          JsonNode key = unpack(in, limit, depth + 1);
          object.set(key.isTextual() ? key.textValue() : JavaScriptJson.stringify(key), unpack(in, limit, depth + 1));
        }
        return object;
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        check(header.getLength(), in, limit);
        if (header.isTimestampType()) {
          return javaScriptDate(in.unpackTimestamp(header));
        }
        ObjectNode ext = NODES.objectNode();
        ext.put("type", header.getType());
        ext.set("data", NODES.binaryNode(in.readPayload(header.getLength())));
        return ext;
      }
      default -> throw new IOException("Unsupported MessagePack format " + format);
    }
  }

  /**
   * What {@code JSON.stringify} writes for the JavaScript {@code Date} of {@code t}: its ISO-8601 string
   * (years beyond 0–9999 as {@code +275760}/{@code -000001}), or {@code null} for a time JavaScript cannot
   * hold (an Invalid Date).
   */
  public static JsonNode javaScriptDate(Instant t) {
    // new Date(sec * 1e3 + nsec / 1e6): the time value is truncated toward zero, not floored.
    long millis = (long) (t.getEpochSecond() * 1e3 + t.getNano() / 1e6);
    if (Math.abs(millis) > MAX_JS_DATE_MILLIS) {
      return NODES.nullNode(); // an Invalid Date serialises as null
    }
    Instant exact = Instant.ofEpochMilli(millis);
    int year = exact.atZone(ZoneOffset.UTC).getYear();
    if (year >= 0 && year <= 9999) {
      return NODES.textNode(ISO_MILLIS.format(exact));
    }
    String rest = ISO_MILLIS.format(exact.atZone(ZoneOffset.UTC).withYear(2000)).substring(4);
    return NODES.textNode((year < 0 ? "-" : "+") + String.format("%06d", Math.abs(year)) + rest);
  }

  private static void packNumber(JsonNode node, MessagePacker packer) throws IOException {
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        packer.packLong(node.longValue());
      } else {
        BigInteger big = node.bigIntegerValue();
        if (big.signum() > 0 && big.compareTo(UINT64_MAX) <= 0) {
          packer.packBigInteger(big);
        } else {
          packer.packDouble(big.doubleValue());
        }
      }
      return;
    }
    double d = node.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
      packer.packLong((long) d);
    } else {
      packer.packDouble(d);
    }
  }

  /**
   * notepack writes every integral number in the smallest int format, past 2^53 too: exact up to 2^64 (and
   * down to -2^63), garbled beyond, where this writes the float64 a JavaScript decoder reads back as the
   * same number.
   */
  private static void packNotepackNumber(JsonNode node, MessagePacker packer) throws IOException {
    if (node.isIntegralNumber()) {
      packNumber(node, packer);
      return;
    }
    double d = node.doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      packer.packDouble(d);
    } else if (d >= -TWO_TO_63 && d < TWO_TO_63) {
      packer.packLong((long) d);
    } else if (d > 0 && d < TWO_TO_64) {
      packer.packBigInteger(new BigDecimal(d).toBigInteger());
    } else {
      packer.packDouble(d);
    }
  }

  private static void check(long declared, MessageUnpacker in, long limit) throws IOException {
    if (declared < 0 || declared > limit - in.getTotalReadBytes()) {
      throw new IOException("MessagePack length " + declared + " exceeds the input at offset " + in.getTotalReadBytes());
    }
  }

  private static String wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return replaceLoneSurrogates(s);
      }
    }
    return s;
  }

  private static String replaceLoneSurrogates(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }
}
