package io.tidings.server.app.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One change of the apps table as the trigger of {@link AppsSchema} reports it. Immutable.
 *
 * @param table  schema-qualified name of the table that changed ({@code public.apps})
 * @param op     {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code TRUNCATE}
 * @param id     the row's id after the change, or null
 * @param key    the row's key after the change, or null
 * @param oldId  the row's id before the change, or null
 * @param oldKey the row's key before the change, or null
 */
public record AppRowChange(String table, String op, String id, String key, String oldId, String oldKey) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a notification payload; null when it is not one of ours. */
  public static AppRowChange parse(String payload) {
    try {
      JsonNode n = JSON.readTree(payload);
      if (n == null || !n.isObject() || !n.path("table").isTextual() || !n.path("op").isTextual()) return null;
      return new AppRowChange(n.path("table").asText(), n.path("op").asText(),
          text(n, "id"), text(n, "key"), text(n, "old_id"), text(n, "old_key"));
    } catch (IOException e) {
      return null;
    }
  }

  /** True when every row may have changed ({@code TRUNCATE}). */
  public boolean everything() {
    return op.equals("TRUNCATE");
  }

  /** The ids this change touches (before and after). */
  public Set<String> ids() {
    return both(oldId, id);
  }

  /** The keys this change touches (before and after). */
  public Set<String> keys() {
    return both(oldKey, key);
  }

  private static Set<String> both(String a, String b) {
    Set<String> s = new LinkedHashSet<>();
    if (a != null) s.add(a);
    if (b != null) s.add(b);
    return s;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
