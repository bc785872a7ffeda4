package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few JavaScript semantics the parsers need to read what Node reads: {@code Number(string)}, the
 * whitespace it trims, the one number type, and the order of an object's keys.
 */
final class JavaScriptValues {

  /** {@code Number.MAX_SAFE_INTEGER}: 2^53 − 1. */
  static final double MAX_SAFE_INTEGER = 9007199254740991d;

  /** Beyond this many bits a binary, octal or hexadecimal literal is Infinity, whatever its digits. */
  private static final int MAX_FINITE_BITS = 1025;
  private static final long MAX_ARRAY_INDEX = 4294967294L;

  private JavaScriptValues() {}

  /** Whether {@code Number()} trims {@code c}: ECMAScript's WhiteSpace and LineTerminator characters. */
  static boolean isWhiteSpace(char c) {
    return switch (c) {
      case '\t', '\n', '\u000b', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f',
          '\u3000', '\ufeff' -> true;
      default -> c >= '\u2000' && c <= '\u200a';
    };
  }

  /**
   * JavaScript's {@code Number(s.substring(from, to))}: NaN when it is no number; the empty or blank string
   * is 0; decimal, {@code Infinity} and the {@code 0x}, {@code 0o} and {@code 0b} forms are read.
   */
  static double toNumber(String s, int from, int to) {
    while (from < to && isWhiteSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isWhiteSpace(s.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return 0;
    }
    if (to - from > 2 && s.charAt(from) == '0') {
      int radix = switch (s.charAt(from + 1)) {
        case 'x', 'X' -> 16;
        case 'o', 'O' -> 8;
        case 'b', 'B' -> 2;
        default -> 0;
      };
      if (radix != 0) {
        return radixInteger(s, from + 2, to, radix);
      }
    }
    int i = from;
    boolean negative = false;
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (s.startsWith("Infinity", i) && i + 8 == to) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return isDecimalLiteral(s, i, to) ? Double.parseDouble(s.substring(from, to)) : Double.NaN;
  }

  /** An integer as Node holds it, as a tree node (see {@link #number(double)}). */
  static JsonNode number(long l) {
    if (l == (int) l) {
      return IntNode.valueOf((int) l);
    }
    long max = (long) MAX_SAFE_INTEGER;
    return l >= -max && l <= max ? LongNode.valueOf(l) : DoubleNode.valueOf(l);
  }

  /** A number as Node holds it, as a tree node: a safe integer is an int or long node, anything else a double. */
  static JsonNode number(double d) {
    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
      long l = (long) d;
      return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
    }
    return DoubleNode.valueOf(d);
  }

  /** A number node of the wire as the long it stands for, or {@code null} unless it is a safe integer. */
  static Long safeInteger(JsonNode n) {
    if (!n.isNumber()) {
      return null;
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER ? Long.valueOf((long) d) : null;
  }

  /** Whether a JavaScript object lists {@code key} before its other keys: an array index, 0 to 2^32 − 2. */
  static boolean isArrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 10 || key.charAt(0) < '0' || key.charAt(0) > '9' || key.charAt(0) == '0' && n > 1) {
      return false;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v <= MAX_ARRAY_INDEX;
  }

  /**
   * Puts {@code o}'s array-index keys first, in ascending order, the others after them in the order they
   * came: the order in which JavaScript lists an object's own keys (and {@code JSON.stringify} writes them).
   */
  static void orderIndexKeysFirst(ObjectNode o) {
    List<Map.Entry<String, JsonNode>> indices = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      (isArrayIndex(e.getKey()) ? indices : names).add(Map.entry(e.getKey(), e.getValue()));
    }
    indices.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
    o.removeAll();
    for (Map.Entry<String, JsonNode> e : indices) {
      o.set(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, JsonNode> e : names) {
      o.set(e.getKey(), e.getValue());
    }
  }

  private static double radixInteger(String s, int from, int to, int radix) {
    int bitsPerDigit = Integer.numberOfTrailingZeros(radix);
    int first = from;
    for (int i = from; i < to; i++) {
      if (asciiDigit(s.charAt(i)) >= radix) {
        return Double.NaN;
      }
      if (first == i && s.charAt(i) == '0') {
        first++;
      }
    }
    if (first == to) {
      return 0;
    }
    // Parsing only what can be finite keeps a megabyte of digits from costing quadratic time.
    if ((long) (to - first - 1) * bitsPerDigit >= MAX_FINITE_BITS) {
      return Double.POSITIVE_INFINITY;
    }
    return new BigInteger(s.substring(first, to), radix).doubleValue();
  }

  private static boolean isDecimalLiteral(String s, int i, int to) {
    int intDigits = 0;
    while (i < to && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    int fractionDigits = 0;
    if (i < to && s.charAt(i) == '.') {
      i++;
      while (i < to && isDigit(s.charAt(i))) {
        i++;
        fractionDigits++;
      }
    }
    if (intDigits + fractionDigits == 0) {
      return false;
    }
    if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < to && isDigit(s.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == to;
  }

  private static int asciiDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'z' ? lower - 'a' + 10 : Integer.MAX_VALUE;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
