package io.tidings.server.app.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.App;
import io.tidings.server.app.AppReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a row of the apps table, whatever its column types, into the JSON object {@link AppReader}
 * reads: flags may be {@code smallint} or {@code boolean}, limits {@code integer} or {@code text},
 * {@code webhooks} {@code json}, {@code jsonb} or {@code text}, and optional columns may be missing.
 *
 * <p>Thread-safe; remembers only which broken rows it already warned about.
 */
public final class AppRows {

  private static final Logger log = LoggerFactory.getLogger(AppRows.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppReader reader;
  /** App id → the last problem logged about its row. */
  private final ConcurrentHashMap<String, String> warned = new ConcurrentHashMap<>();

  public AppRows(AppReader reader) {
    this.reader = reader;
  }

  /**
   * The app of {@code row}; null when the row cannot be an app (no id, key or secret), which is
   * logged. Webhooks that are not a JSON array of objects are ignored with a warning, so that a typo
   * in one app's webhooks does not take the app down (Soketi ignores them too).
   */
  public App read(Row row) {
    ObjectNode json = toJson(row);
    try {
      return reader.read(json);
    } catch (IllegalArgumentException first) {
      if (json.hasNonNull("webhooks")) {
        json.remove("webhooks");
        try {
          App app = reader.read(json);
          // Once per app and problem: with the cache off, the row is read on every connection.
          if (!first.getMessage().equals(warned.put(app.id(), first.getMessage()))) {
            log.warn("App {}: its webhooks are ignored: {}", app.id(), first.getMessage());
          }
          return app;
        } catch (IllegalArgumentException ignored) {
          // fall through: the row lacks more than its webhooks
        }
      }
      log.warn("A row of the apps table is not a usable app and is treated as missing: {}", first.getMessage());
      return null;
    }
  }

  /** Every column of {@code row} as a JSON field named like the column, values typed as JSON. */
  public static ObjectNode toJson(Row row) {
    ObjectNode json = NODES.objectNode();
    for (int i = 0; i < row.size(); i++) {
      json.set(row.getColumnName(i).toLowerCase(Locale.ROOT), value(row.getValue(i)));
    }
    return json;
  }

  private static JsonNode value(Object v) {
    if (v == null || v == Tuple.JSON_NULL) return NODES.nullNode();
    if (v instanceof String s) return NODES.textNode(s);
    if (v instanceof Boolean b) return NODES.booleanNode(b);
    if (v instanceof Short n) return NODES.numberNode(n);
    if (v instanceof Integer n) return NODES.numberNode(n);
    if (v instanceof Long n) return NODES.numberNode(n);
    if (v instanceof Double n) return NODES.numberNode(n);
    if (v instanceof Float n) return NODES.numberNode(n);
    if (v instanceof BigDecimal n) return NODES.numberNode(n);
    if (v instanceof Number n) {
      try {
        return NODES.numberNode(new BigDecimal(n.toString()));
      } catch (NumberFormatException e) {
        return NODES.textNode(n.toString()); // NaN and infinities of numeric columns
      }
    }
    if (v instanceof JsonObject || v instanceof JsonArray) {
      try {
        return JSON.readTree(v instanceof JsonObject o ? o.encode() : ((JsonArray) v).encode());
      } catch (IOException e) {
        return NODES.textNode(v.toString());
      }
    }
    if (v instanceof Buffer b) return NODES.textNode(b.toString());
    return NODES.textNode(v.toString());
  }
}
