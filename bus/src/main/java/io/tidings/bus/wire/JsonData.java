package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A message's {@code data} member, held as the JSON text it arrived in, as a tree, or both: the tree is
 * built from the text only when first asked for. Most bus messages are read by code that needs a few
 * fields or none at all (a node's own echoes), and building a tree per message was the largest cost of
 * receiving.
 *
 * <p>Shared by an {@link Envelope} and the message delivered from it, so a tree is built at most once
 * for both. The tree must not be modified once built (several readers may hold it). Thread-safe: a race
 * on first use builds the same tree twice, harmlessly, and the volatile field publishes it.
 */
public final class JsonData {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonData ABSENT = new JsonData(null, null);

  private final String text;
  private volatile JsonNode tree;

  private JsonData(String text, JsonNode tree) {
    this.text = text;
    this.tree = tree;
  }

  /** The data as received: its JSON text, or null when the message has none. */
  public static JsonData ofText(String text) {
    return text == null ? ABSENT : new JsonData(text, null);
  }

  /** Data built in this process: a tree, or null when the message has none. */
  public static JsonData ofTree(JsonNode tree) {
    return tree == null ? ABSENT : new JsonData(null, tree);
  }

  /** The tree, or null when absent; built from the text on first use. */
  public JsonNode tree() {
    JsonNode t = tree;
    if (t == null && text != null) {
      try {
        t = JSON.readTree(text);
      } catch (IOException e) {
        // The text was cut out of a payload that parsed, so it is well-formed; this cannot happen.
        throw new UncheckedIOException("The data of a parsed message did not parse again", e);
      }
      tree = t;
    }
    return t;
  }

  /** The JSON text as received, or null when the data was built from a tree (or is absent). */
  public String text() {
    return text;
  }

  /** The tree if it is already built (never builds it), else null. */
  public JsonNode builtTree() {
    return tree;
  }

  /** True when the message carries data. */
  public boolean isPresent() {
    return text != null || tree != null;
  }

  @Override
  public String toString() {
    return text != null ? text : String.valueOf(tree);
  }
}
