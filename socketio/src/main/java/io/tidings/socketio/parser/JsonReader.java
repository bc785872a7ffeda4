package io.tidings.socketio.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * Reads JSON into a tree as JavaScript's {@code JSON.parse} reads it: strict JSON, one value, numbers as
 * JavaScript numbers (see {@link JavaScriptValues#number}), a repeated key keeps its first place and its
 * last value, array-index keys listed first.
 *
 * <p>One limit JavaScript does not have: nesting deeper than {@value #MAX_DEPTH} is refused, since the tree
 * is walked recursively afterwards. Strings, keys and numbers may be as long as the message; a number of
 * any length is read in linear time.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonReader {

  /** How deep arrays and objects may nest. */
  static final int MAX_DEPTH = 500;

  /** A long integer token whose digits fit a {@code long} for sure. */
  private static final int MAX_LONG_TOKEN_LENGTH = 18;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Field names are not interned or canonicalised: they come from clients, and a shared symbol table would
  // grow with every name an attacker invents.
  private static final JsonFactory FACTORY = new JsonFactoryBuilder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(JsonReadFeature.ALLOW_RS_CONTROL_CHAR)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .build();

  private JsonReader() {}

  /** The value of the JSON text {@code s.substring(from)}, or {@code null} where {@code JSON.parse} throws. */
  static JsonNode parse(String s, int from) {
    try (JsonParser p = FACTORY.createParser(from == 0 ? s : s.substring(from))) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      JsonNode value = read(p, first);
      return p.nextToken() == null ? value : null;
    } catch (IOException malformed) {
      return null;
    }
  }

  private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> readObject(p);
      case START_ARRAY -> readArray(p);
      case VALUE_STRING -> TextNode.valueOf(p.getText());
      case VALUE_NUMBER_INT -> p.getTextLength() <= MAX_LONG_TOKEN_LENGTH
          ? JavaScriptValues.number(p.getLongValue())
          : JavaScriptValues.number(Double.parseDouble(p.getText()));
      case VALUE_NUMBER_FLOAT -> JavaScriptValues.number(Double.parseDouble(p.getText()));
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> NullNode.getInstance();
      default -> throw new IOException("unexpected " + t);
    };
  }

  private static ObjectNode readObject(JsonParser p) throws IOException {
    ObjectNode o = NODES.objectNode();
    boolean indexKeys = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      o.set(key, read(p, p.nextToken()));
      indexKeys |= JavaScriptValues.isArrayIndex(key);
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("unexpected " + t);
    }
    if (indexKeys) {
      JavaScriptValues.orderIndexKeysFirst(o);
    }
    return o;
  }

  private static ArrayNode readArray(JsonParser p) throws IOException {
    ArrayNode a = NODES.arrayNode();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("unterminated array");
      }
      a.add(read(p, t));
    }
    return a;
  }
}
