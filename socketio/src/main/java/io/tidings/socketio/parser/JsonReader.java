package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads JSON into a tree exactly as JavaScript's {@code JSON.parse} reads it: strict JSON (RFC 8259),
 * one value with JSON whitespace around it; any string escape JavaScript accepts, a lone surrogate
 * ({@code "\ud800"}) included, in keys as in values; numbers as JavaScript numbers (see
 * {@link JavaScriptValues#number}); a repeated key keeps its first place and its last value; array-index
 * keys listed first.
 *
 * <p>Hand-written rather than Jackson's parser, which refuses lone surrogate escapes in keys (and is
 * moving to refuse them in values), limits number length, and keeps a shared table of key names that a
 * client could grow. One limit JavaScript does not have: nesting deeper than {@value #MAX_DEPTH} is
 * refused, since the tree is walked recursively afterwards. Everything else is linear in the input.
 *
 * <p>Not thread-safe: one reader per text, made by {@link #parse}.
 */
final class JsonReader {

  /** How deep arrays and objects may nest. */
  static final int MAX_DEPTH = 500;

  /** Integer literals of up to this many characters are read exactly as a long. */
  private static final int MAX_LONG_LITERAL = 18;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Unwinds a parse at the first error; JSON.parse's SyntaxError. Carries nothing, so one serves all. */
  private static final RuntimeException MALFORMED = new RuntimeException("malformed JSON", null, false, false) { };

  private final String s;
  private int i;

  private JsonReader(String s, int from) {
    this.s = s;
    this.i = from;
  }

  /** The value of the JSON text {@code s.substring(from)}, or {@code null} where {@code JSON.parse} throws. */
  static JsonNode parse(String s, int from) {
    JsonReader r = new JsonReader(s, from);
    try {
      r.skipWhitespace();
      JsonNode value = r.value(0);
      r.skipWhitespace();
      return r.i == s.length() ? value : null;
    } catch (RuntimeException e) {
      if (e != MALFORMED) {
        throw e;
      }
      return null;
    }
  }

  private JsonNode value(int depth) {
    if (i >= s.length()) {
      throw MALFORMED;
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> TextNode.valueOf(string());
      case 't' -> literal("true", BooleanNode.TRUE);
      case 'f' -> literal("false", BooleanNode.FALSE);
      case 'n' -> literal("null", NullNode.getInstance());
      default -> {
        if (c == '-' || c >= '0' && c <= '9') {
          yield number();
        }
        throw MALFORMED;
      }
    };
  }

  private ObjectNode object(int depth) {
    checkDepth(depth);
    i++;
    ObjectNode o = NODES.objectNode();
    skipWhitespace();
    if (peek() == '}') {
      i++;
      return o;
    }
    boolean indexKeys = false;
    while (true) {
      if (peek() != '"') {
        throw MALFORMED;
      }
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      o.set(key, value(depth));
      indexKeys |= JavaScriptValues.isArrayIndex(key);
      skipWhitespace();
      char c = next();
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw MALFORMED;
      }
      skipWhitespace();
    }
    if (indexKeys) {
      JavaScriptValues.orderIndexKeysFirst(o);
    }
    return o;
  }

  private ArrayNode array(int depth) {
    checkDepth(depth);
    i++;
    ArrayNode a = NODES.arrayNode();
    skipWhitespace();
    if (peek() == ']') {
      i++;
      return a;
    }
    while (true) {
      a.add(value(depth));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return a;
      }
      if (c != ',') {
        throw MALFORMED;
      }
      skipWhitespace();
    }
  }

  /** A string literal from its opening quote; control characters must be escaped, any escape is kept. */
  private String string() {
    int start = ++i;
    StringBuilder b = null;
    while (true) {
      if (i >= s.length()) {
        throw MALFORMED;
      }
      char c = s.charAt(i);
      if (c == '"') {
        String plain = s.substring(start, i++);
        return b == null ? plain : b.append(plain).toString();
      }
      if (c < 0x20) {
        throw MALFORMED;
      }
      if (c != '\\') {
        i++;
        continue;
      }
      if (b == null) {
        b = new StringBuilder(i - start + 16);
      }
      b.append(s, start, i);
      i++;
      b.append(escape());
      start = i;
    }
  }

  private char escape() {
    char c = next();
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (i + 4 > s.length()) {
          throw MALFORMED;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
          int d = Character.digit(s.charAt(i++), 16);
          if (d < 0 || s.charAt(i - 1) > 'f') {
            throw MALFORMED;
          }
          v = v << 4 | d;
        }
        yield (char) v;
      }
      default -> throw MALFORMED;
    };
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, read as JavaScript reads it. */
  private JsonNode number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (!digits()) {
      throw MALFORMED;
    }
    boolean integer = true;
    if (peek() == '.') {
      i++;
      integer = false;
      if (!digits()) {
        throw MALFORMED;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      integer = false;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!digits()) {
        throw MALFORMED;
      }
    }
    String literal = s.substring(start, i);
    return integer && literal.length() <= MAX_LONG_LITERAL
        ? JavaScriptValues.number(Long.parseLong(literal))
        : JavaScriptValues.number(Double.parseDouble(literal));
  }

  private boolean digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i > start;
  }

  private JsonNode literal(String word, JsonNode value) {
    if (!s.startsWith(word, i)) {
      throw MALFORMED;
    }
    i += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw MALFORMED;
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw MALFORMED;
    }
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw MALFORMED;
    }
  }
}
