package io.tidings.bus.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePacker;

/**
 * Encodes and decodes bus messages exactly as the Node {@code @socket.io/postgres-adapter} 0.5 does.
 *
 * <p><b>Writing</b> follows Node byte for byte: envelope keys in the order {@code type, data (if any),
 * uid, nsp} (then Tidings' {@code seq}), attachment headers as {@code uid, type, attachmentId} with the
 * id as a decimal string (then {@code seq}), text escaped as {@code JSON.stringify} does
 * ({@link JavaScriptJson}), attachment rows as a MessagePack map in the envelope's key order.
 *
 * <p><b>Reading</b> is lenient, as Node is: keys in any order, unknown keys ignored (the Node cluster
 * primary adds {@code nodeId}), {@code nsp} optional (emitters omit it), {@code attachmentId} as a string
 * or a number. A payload with {@code attachmentId} is a header whatever else it holds.
 *
 * <p>Stateless and thread-safe.
 */
public final class EnvelopeCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EnvelopeCodec() {}

  /** The NOTIFY payload of {@code e}. */
  public static String toJson(Envelope e) {
    String open = e.rawData() != null
        ? openJsonRaw(e.type(), e.rawData(), e.uid(), e.nsp())
        : openJson(e.type(), e.data(), e.uid(), e.nsp());
    return closeJson(open, e.seq());
  }

  /**
   * The payload up to, not including, the {@code seq} and the closing brace: the expensive part, which a
   * publisher can build on its own thread before the sequence number is known.
   */
  public static String openJson(int type, JsonNode data, String uid, String nsp) {
    StringBuilder out = new StringBuilder(96);
    out.append("{\"type\":").append(type);
    if (data != null) {
      out.append(",\"data\":");
      JavaScriptJson.write(data, out);
    }
    out.append(",\"uid\":");
    JavaScriptJson.writeString(uid, out);
    if (nsp != null) {
      out.append(",\"nsp\":");
      JavaScriptJson.writeString(nsp, out);
    }
    return out.toString();
  }

  /**
   * Like {@link #openJson} for a {@code data} member already written as JSON text (null: none). The
   * text is copied as is; the caller vouches that it is one JSON value written as JavaScript would.
   */
  public static String openJsonRaw(int type, String rawData, String uid, String nsp) {
    StringBuilder out = new StringBuilder(64 + (rawData == null ? 0 : rawData.length()));
    out.append("{\"type\":").append(type);
    if (rawData != null) {
      out.append(",\"data\":").append(rawData);
    }
    out.append(",\"uid\":");
    JavaScriptJson.writeString(uid, out);
    if (nsp != null) {
      out.append(",\"nsp\":");
      JavaScriptJson.writeString(nsp, out);
    }
    return out.toString();
  }

  /** Completes an {@link #openJson} payload with {@code seq} (left out when negative). */
  public static String closeJson(String open, long seq) {
    return seq < 0 ? open + "}" : open + ",\"seq\":" + seq + "}";
  }

  /** The NOTIFY payload announcing an attachment. */
  public static String toJson(AttachmentHeader h) {
    StringBuilder out = new StringBuilder(80);
    out.append("{\"uid\":");
    JavaScriptJson.writeString(h.uid(), out);
    out.append(",\"type\":").append(h.type()).append(",\"attachmentId\":\"").append(h.attachmentId()).append('"');
    if (h.seq() >= 0) {
      out.append(",\"seq\":").append(h.seq());
    }
    return out.append('}').toString();
  }

  /** The attachment row bytes of {@code e}: the envelope as a MessagePack map. */
  public static byte[] toMessagePack(Envelope e) {
    MessageBufferPacker packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
    try {
      int keys = 2 + (e.data() != null ? 1 : 0) + (e.nsp() != null ? 1 : 0) + (e.seq() >= 0 ? 1 : 0);
      packer.packMapHeader(keys);
      pack("type", packer).packInt(e.type());
      if (e.data() != null) {
        MessagePack.pack(e.data(), pack("data", packer));
      }
      MessagePack.packString(e.uid(), pack("uid", packer));
      if (e.nsp() != null) {
        MessagePack.packString(e.nsp(), pack("nsp", packer));
      }
      if (e.seq() >= 0) {
        pack("seq", packer).packLong(e.seq());
      }
      return packer.toByteArray();
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
  }

  /**
   * Reads a NOTIFY payload.
   *
   * @throws IOException when it is not JSON, not an object, or lacks a numeric {@code type}
   */
  public static NotifyPayload parse(String payload) throws IOException {
    // A streaming pass: the header fields are read, the data member is only skipped over and kept as
    // text (Envelope builds its tree on demand), so a message nobody looks into costs no tree at all.
    Integer type = null;
    String uid = "";
    String nsp = null;
    long seq = -1;
    String rawData = null;
    Long attachmentId = null;
    try (JsonParser p = JSON.getFactory().createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("Not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "type" -> type = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
              ? p.getIntValue() : null;
          case "uid" -> {
            if (v == JsonToken.VALUE_STRING) uid = p.getText();
            else if (v == JsonToken.VALUE_NULL) uid = "";
            else throw new IOException("uid is not a string");
          }
          case "nsp" -> nsp = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "seq" -> seq = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
              && p.getLongValue() >= 0 ? p.getLongValue() : -1;
          case "attachmentId" -> attachmentId = v == JsonToken.VALUE_NULL ? null : attachmentId(p, v);
          case "data" -> {
            int start = (int) p.currentTokenLocation().getCharOffset();
            // Strings are decoded lazily: finish the token so the location is past its closing quote.
            if (v.isScalarValue()) p.finishToken(); else p.skipChildren();
            rawData = v == JsonToken.VALUE_NULL ? null : payload.substring(start, (int) p.currentLocation().getCharOffset());
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("Not one JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IOException("Not JSON: " + e.getOriginalMessage(), e);
    }
    if (type == null) {
      throw new IOException("No numeric type");
    }
    if (attachmentId != null) {
      return new AttachmentHeader(uid, type, attachmentId, seq);
    }
    return Envelope.withRawData(type, rawData, uid, nsp, seq);
  }

  /**
   * Reads an attachment row.
   *
   * @throws IOException when it is not MessagePack, not a map, or lacks a numeric {@code type}
   */
  public static Envelope fromMessagePack(byte[] row) throws IOException {
    JsonNode root = MessagePack.decode(row);
    if (!root.isObject()) {
      throw new IOException("The attachment is not a MessagePack map");
    }
    return envelope(root);
  }

  /** The UTF-8 length of {@code s}, which is what NOTIFY's 8000-byte limit counts. */
  public static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // four bytes for the pair of two chars
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** True when the tree holds binary anywhere, which JSON cannot carry and an attachment can. */
  public static boolean containsBinary(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isBinary()) {
      return true;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (containsBinary(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Envelope envelope(JsonNode root) throws IOException {
    JsonNode data = root.get("data");
    JsonNode nsp = root.get("nsp");
    return new Envelope(type(root), data, uid(root), nsp != null && nsp.isTextual() ? nsp.textValue() : null, seq(root));
  }

  private static int type(JsonNode root) throws IOException {
    JsonNode type = root.get("type");
    if (type == null || !type.isIntegralNumber() || !type.canConvertToInt()) {
      throw new IOException("No numeric type");
    }
    return type.intValue();
  }

  private static String uid(JsonNode root) throws IOException {
    JsonNode uid = root.get("uid");
    if (uid == null || uid.isNull()) {
      return "";
    }
    if (!uid.isTextual()) {
      throw new IOException("uid is not a string");
    }
    return uid.textValue();
  }

  private static long seq(JsonNode root) {
    JsonNode seq = root.get("seq");
    return seq != null && seq.isIntegralNumber() && seq.canConvertToLong() && seq.longValue() >= 0 ? seq.longValue() : -1;
  }

  private static long attachmentId(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (v == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText());
      } catch (NumberFormatException e) {
        throw new IOException("attachmentId is not a number: " + p.getText());
      }
    }
    throw new IOException("attachmentId is neither a string nor a number");
  }


  private static MessagePacker pack(String key, MessagePacker packer) throws IOException {
    MessagePack.packString(key, packer);
    return packer;
  }
}
