package io.tidings.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@link App} from a JSON object in exactly the spellings Soketi accepts: camelCase (config
 * file), PascalCase (DynamoDB) and the {@code apps} table's snake_case columns — and no others, so a
 * key Soketi ignores (say {@code maxBackendEventsPerSec}) is ignored here too. When several spellings are
 * present the last of camel, Pascal, snake wins, as in Soketi. A value that is null or {@code ''} means
 * "use the default", as in Soketi. Stateless and thread-safe.
 */
public final class AppReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppDefaults defaults;

  public AppReader(AppDefaults defaults) {
    this.defaults = defaults;
  }

  /**
   * Builds the app.
   *
   * @throws IllegalArgumentException when id, key or secret is missing, or the webhooks JSON is not an
   *                                  array of objects; the message names the field
   */
  public App read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("an app must be a JSON object");
    }
    JsonNode f = node;
    String id = text(f, "id", "AppId");
    String key = text(f, "key", "AppKey");
    String secret = text(f, "secret", "AppSecret");
    if (id == null || key == null || secret == null) {
      throw new IllegalArgumentException("an app needs id, key and secret"
          + (id != null ? " (app " + id + ")" : ""));
    }
    // Soketi parses max_connections with `parseInt(x) || -1`, so 0 also means unlimited.
    int maxConnections = integer(f, -1, -1, spellings("maxConnections", "max_connections"));
    return new App(
        id, key, secret,
        maxConnections == 0 ? -1 : maxConnections,
        bool(f, false, spellings("enableClientMessages", "enable_client_messages")),
        bool(f, true, "enabled", "Enabled"),
        integer(f, -1, -1, spellings("maxBackendEventsPerSecond", "max_backend_events_per_sec")),
        integer(f, -1, -1, spellings("maxClientEventsPerSecond", "max_client_events_per_sec")),
        integer(f, -1, -1, spellings("maxReadRequestsPerSecond", "max_read_req_per_sec")),
        integer(f, defaults.maxPresenceMembersPerChannel(), defaults.maxPresenceMembersPerChannel(),
            spellings("maxPresenceMembersPerChannel", "max_presence_members_per_channel")),
        decimal(f, defaults.maxPresenceMemberSizeInKb(), spellings("maxPresenceMemberSizeInKb", "max_presence_member_size_in_kb")),
        integer(f, defaults.maxChannelNameLength(), defaults.maxChannelNameLength(), spellings("maxChannelNameLength", "max_channel_name_length")),
        integer(f, defaults.maxEventChannelsAtOnce(), defaults.maxEventChannelsAtOnce(), spellings("maxEventChannelsAtOnce", "max_event_channels_at_once")),
        integer(f, defaults.maxEventNameLength(), defaults.maxEventNameLength(), spellings("maxEventNameLength", "max_event_name_length")),
        decimal(f, defaults.maxEventPayloadInKb(), spellings("maxEventPayloadInKb", "max_event_payload_in_kb")),
        integer(f, defaults.maxEventBatchSize(), defaults.maxEventBatchSize(), spellings("maxEventBatchSize", "max_event_batch_size")),
        webhooks(find(f, "webhooks", "Webhooks"), id),
        bool(f, false, spellings("enableUserAuthentication", "enable_user_authentication")));
  }

  /** Parses a {@code webhooks} value: a JSON array, or a string holding one; null or '' is none. */
  public static List<Webhook> webhooks(JsonNode value, String appId) {
    JsonNode array = value;
    if (array == null || array.isNull() || array.isMissingNode()) return List.of();
    if (array.isTextual()) {
      if (array.asText().isBlank()) return List.of();
      try {
        array = JSON.readTree(array.asText());
      } catch (IOException e) {
        throw new IllegalArgumentException("app " + appId + ": webhooks is not valid JSON");
      }
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException("app " + appId + ": webhooks must be a JSON array");
    }
    List<Webhook> result = new java.util.ArrayList<>();
    for (JsonNode w : array) {
      if (!w.isObject()) {
        throw new IllegalArgumentException("app " + appId + ": each webhook must be a JSON object");
      }
      Set<String> types = new HashSet<>();
      for (JsonNode t : w.path("event_types")) types.add(t.asText());
      Map<String, String> headers = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> hs = w.path("headers").fields();
      while (hs.hasNext()) {
        Map.Entry<String, JsonNode> h = hs.next();
        headers.put(h.getKey(), h.getValue().isTextual() ? h.getValue().asText() : h.getValue().toString());
      }
      JsonNode filter = w.path("filter");
      result.add(new Webhook(
          nonEmpty(w.path("url")),
          nonEmpty(w.path("lambda_function")),
          types, headers,
          nonEmpty(filter.path("channel_name_starts_with")),
          nonEmpty(filter.path("channel_name_ends_with"))));
    }
    return result;
  }

  /** Soketi's spellings of a field: camelCase, PascalCase, snake_case, in the order Soketi reads them. */
  private static String[] spellings(String camel, String snake) {
    return new String[] {camel, Character.toUpperCase(camel.charAt(0)) + camel.substring(1), snake};
  }

  /** The value of the last spelling present (null and '' count as absent), as Soketi's extractFromPassedKeys. */
  private static JsonNode find(JsonNode f, String... names) {
    JsonNode found = null;
    for (String n : names) {
      JsonNode v = f.get(n);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) found = v;
    }
    return found;
  }

  private static String text(JsonNode f, String... names) {
    JsonNode v = find(f, names);
    return v == null ? null : v.asText();
  }

  private static String nonEmpty(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() || v.asText().isEmpty() ? null : v.asText();
  }

  /**
   * An integer field; missing, null and '' give {@code absent}, a value that does not parse gives
   * {@code unparseable} (unlimited for the connection and rate limits, as Soketi's {@code parseInt}).
   */
  private static int integer(JsonNode f, int absent, int unparseable, String... names) {
    JsonNode v = find(f, names);
    if (v == null) return absent;
    if (v.isNumber()) return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v.asDouble()));
    try {
      return (int) Double.parseDouble(v.asText().trim());
    } catch (NumberFormatException e) {
      return unparseable;
    }
  }

  private static double decimal(JsonNode f, double absent, String... names) {
    JsonNode v = find(f, names);
    if (v == null) return absent;
    if (v.isNumber()) return v.asDouble();
    try {
      return Double.parseDouble(v.asText().trim());
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  /** Flags arrive as booleans, smallint 0/1 or strings; "0", "false", "no" and "off" are false. */
  private static boolean bool(JsonNode f, boolean absent, String... names) {
    JsonNode v = find(f, names);
    if (v == null) return absent;
    if (v.isBoolean()) return v.asBoolean();
    if (v.isNumber()) return v.asDouble() != 0;
    String s = v.asText().trim().toLowerCase(Locale.ROOT);
    return !(s.equals("0") || s.equals("false") || s.equals("no") || s.equals("off"));
  }
}
