package io.tidings.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Soketi's options as a JSON tree addressed by dot paths ({@code appManager.array.apps.0.key}), the way
 * Soketi's {@code dot-wild} writes them, remembering which variable or file key set each path so that a
 * validation error can name it.
 *
 * <p>Not thread-safe; lives only while the configuration is being loaded.
 */
final class OptionTree {

  private final ObjectNode root = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> sources = new HashMap<>();

  /** Writes {@code value} at {@code path}, creating objects and arrays on the way. */
  void set(String path, JsonNode value, String source) {
    String[] parts = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      boolean nextIsIndex = isIndex(parts[i + 1]);
      node = child(node, parts[i], nextIsIndex);
    }
    put(node, parts[parts.length - 1], value == null ? NullNode.instance : value);
    sources.keySet().removeIf(p -> p.startsWith(path + "."));
    sources.put(path, source);
  }

  /** The node at {@code path}, or {@code MissingNode} when absent. */
  JsonNode get(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.isArray() && isIndex(part) ? node.path(Integer.parseInt(part)) : node.path(part);
    }
    return node;
  }

  /** Who set the value at {@code path} (or the closest enclosing path): a variable, a file key or "default". */
  String sourceOf(String path) {
    String p = path;
    while (true) {
      String s = sources.get(p);
      if (s != null) return s;
      int dot = p.lastIndexOf('.');
      if (dot < 0) return "option " + path;
      p = p.substring(0, dot);
    }
  }

  private static JsonNode child(JsonNode parent, String key, boolean asArray) {
    JsonNode existing = parent.isArray() && isIndex(key)
        ? parent.get(Integer.parseInt(key)) : parent.get(key);
    if (existing != null && existing.isContainerNode()) return existing;
    JsonNode created = asArray ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
    put(parent, key, created);
    return created;
  }

  private static void put(JsonNode parent, String key, JsonNode value) {
    if (parent instanceof ArrayNode array && isIndex(key)) {
      int index = Integer.parseInt(key);
      while (array.size() <= index) array.addNull();
      array.set(index, value);
    } else if (parent instanceof ObjectNode object) {
      object.set(key, value);
    } else {
      throw new IllegalArgumentException("Cannot write '" + key + "' into " + parent.getNodeType());
    }
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 6) return false;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) return false;
    }
    return true;
  }
}
