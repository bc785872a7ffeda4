package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes Jackson trees as JavaScript's {@code JSON.stringify} would write the same value, so a payload
 * built in Java is byte-identical to the one a Node peer would have sent.
 *
 * <p>Where Jackson's own writer differs from JavaScript, this follows JavaScript:
 * <ul>
 *   <li>control characters other than <code>&#92;b &#92;t &#92;n &#92;f &#92;r</code> become <code>&#92;u00xx</code> with <em>lowercase</em>
 *       hex; lone surrogates become <code>&#92;udxxx</code> (well-formed {@code JSON.stringify}, ES2019);
 *       {@code /}, non-ASCII, U+2028/9 and DEL are written as they are;</li>
 *   <li>non-integral numbers use JavaScript's {@code Number.prototype.toString} (shortest round-trip
 *       digits, plain notation for 1e-6 &le; |x| &lt; 1e21, otherwise {@code 1.5e+21}); an integral
 *       double prints without a fraction ({@code 2.0} is {@code 2}); NaN and infinities are {@code null};</li>
 *   <li>binary ({@code BinaryNode}) is written as Node writes a {@code Buffer}:
 *       {@code {"type":"Buffer","data":[1,2]}}; a missing node inside an array is {@code null} and inside
 *       an object is skipped, as {@code undefined} is.</li>
 * </ul>
 *
 * <p>The one JSON string writer and JavaScript number formatter of the project: the bus's envelopes and the
 * Pusher server's frames, cross-node broadcasts and error messages use it, so what Tidings writes is what
 * Node (Soketi, the Node adapter) writes for the same value.
 *
 * <p>Stateless and thread-safe.
 */
public final class JavaScriptJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JavaScriptJson() {}

  /** The JSON text of {@code node}. */
  public static String stringify(JsonNode node) {
    StringBuilder out = new StringBuilder(64);
    write(node, out);
    return out.toString();
  }

  /** Appends the JSON text of {@code node} to {@code out}. */
  public static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case BINARY -> writeBuffer(node, out);
      case POJO -> writeString(String.valueOf(node), out);
      case NULL, MISSING -> out.append("null");
    }
  }

  /** Appends {@code s} as a JSON string literal, quotes included. */
  public static void writeString(String s, StringBuilder out) {
    out.append('"');
    int n = s.length();
    int plainFrom = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String escape = null;
      if (c < 0x20 || c == '"' || c == '\\') {
        escape = switch (c) {
          case '"' -> "\\\"";
          case '\\' -> "\\\\";
          case '\b' -> "\\b";
          case '\t' -> "\\t";
          case '\n' -> "\\n";
          case '\f' -> "\\f";
          case '\r' -> "\\r";
          default -> unicodeEscape(c);
        };
      } else if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            ? i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        if (!paired) {
          escape = unicodeEscape(c);
        }
      }
      if (escape != null) {
        out.append(s, plainFrom, i).append(escape);
        plainFrom = i + 1;
      }
    }
    out.append(s, plainFrom, n).append('"');
  }

  /** JavaScript's {@code String(x)} for a finite double; {@code "null"} for NaN and infinities, as JSON. */
  public static String formatNumber(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "null";
    }
    if (x == 0) {
      return "0";
    }
    // Double.toString gives the shortest digits that round-trip (JDK 19+), the digits JavaScript picks.
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int k = digits.length();
    int n = k - exact.scale(); // x = 0.d1..dk * 10^n, the ECMAScript Number::toString variables
    StringBuilder s = new StringBuilder(24);
    if (x < 0) {
      s.append('-');
    }
    if (k <= n && n <= 21) {
      s.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      s.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      s.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      s.append(digits.charAt(0));
      if (k > 1) {
        s.append('.').append(digits, 1, k);
      }
      s.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return s.toString();
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().getNodeType() == JsonNodeType.MISSING) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(field.getKey(), out);
      out.append(':');
      write(field.getValue(), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(node.get(i), out);
    }
    out.append(']');
  }

  private static void writeNumber(JsonNode node, StringBuilder out) {
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        out.append(node.longValue());
      } else {
        out.append(node.bigIntegerValue());
      }
    } else if (node.isBigDecimal()) {
      out.append(formatNumber(node.decimalValue().doubleValue()));
    } else {
      out.append(formatNumber(node.doubleValue()));
    }
  }

  private static void writeBuffer(JsonNode node, StringBuilder out) {
    out.append("{\"type\":\"Buffer\",\"data\":[");
    byte[] bytes = binary(node);
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(bytes[i] & 0xff);
    }
    out.append("]}");
  }

  private static byte[] binary(JsonNode node) {
    try {
      byte[] bytes = node.binaryValue();
      return bytes == null ? new byte[0] : bytes;
    } catch (java.io.IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String unicodeEscape(char c) {
    return "\\u" + HEX[c >> 12 & 0xf] + HEX[c >> 8 & 0xf] + HEX[c >> 4 & 0xf] + HEX[c & 0xf];
  }
}
