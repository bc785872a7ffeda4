package io.tidings.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code apps add} and {@code apps update}, turned into column values of the apps table
 * (as text, or null for SQL NULL; the database casts them to each column's type). Flags become 1 or 0,
 * which a {@code smallint}, {@code boolean} or {@code text} column all accept.
 *
 * <p>Not thread-safe; one per command.
 */
final class AppFields {

  /** Thrown for a bad option; the message is the one line shown to the user. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /** The limits that may be NULL ("default" = the server's default). */
  static final List<String> OPTIONAL_LIMITS = List.of(
      "max_presence_members_per_channel", "max_presence_member_size_in_kb", "max_channel_name_length",
      "max_event_channels_at_once", "max_event_name_length", "max_event_payload_in_kb", "max_event_batch_size");

  /** The required limits, where -1 (or "unlimited") means no limit. */
  static final List<String> REQUIRED_LIMITS = List.of(
      "max_connections", "max_backend_events_per_sec", "max_client_events_per_sec", "max_read_req_per_sec");

  /** Flag options: option name → column, value. */
  private static final Map<String, Map.Entry<String, String>> FLAGS = Map.of(
      "--client-messages", Map.entry("enable_client_messages", "1"),
      "--no-client-messages", Map.entry("enable_client_messages", "0"),
      "--enabled", Map.entry("enabled", "1"),
      "--disabled", Map.entry("enabled", "0"),
      "--user-authentication", Map.entry("enable_user_authentication", "1"),
      "--no-user-authentication", Map.entry("enable_user_authentication", "0"));

  /** What {@code apps add} stores in the NOT NULL columns nobody set (Soketi's defaults). */
  static final Map<String, String> ADD_DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("max_connections", "-1");
    d.put("enable_client_messages", "0");
    d.put("enabled", "1");
    d.put("max_backend_events_per_sec", "-1");
    d.put("max_client_events_per_sec", "-1");
    d.put("max_read_req_per_sec", "-1");
    d.put("webhooks", "[]");
    d.put("enable_user_authentication", "0");
    ADD_DEFAULTS = Map.copyOf(d);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Column → value (null = SQL NULL), in the order given. */
  final Map<String, String> values = new LinkedHashMap<>();
  /** Values generated here (id, key, secret), to print once. */
  final Map<String, String> generated = new LinkedHashMap<>();

  /**
   * Parses {@code args} ({@code --name value} or {@code --name=value}).
   *
   * @param allowId whether {@code --id} may be given (add) or not (update: the id is positional)
   */
  static AppFields parse(List<String> args, boolean allowId) {
    AppFields f = new AppFields();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      Map.Entry<String, String> flag = FLAGS.get(name);
      if (flag != null && inline == null) {
        f.put(flag.getKey(), flag.getValue());
        continue;
      }
      if (name.equals("--new-key") && inline == null) {
        f.put("key", f.generate("key", 20));
        continue;
      }
      if (name.equals("--new-secret") && inline == null) {
        f.put("secret", f.generate("secret", 32));
        continue;
      }
      if (!name.startsWith("--")) throw new UsageException("unexpected argument '" + arg + "'");
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.size()) throw new UsageException(name + " needs a value");
        value = args.get(++i);
      }
      f.option(name, value, allowId);
    }
    return f;
  }

  private void option(String name, String value, boolean allowId) {
    String column = name.substring(2).replace('-', '_');
    switch (column) {
      case "id" -> {
        if (!allowId) throw new UsageException("the id cannot be changed (give it as the first argument)");
        put("id", identifier("--id", value));
      }
      case "key" -> put("key", identifier("--key", value));
      case "secret" -> put("secret", identifier("--secret", value));
      case "webhooks" -> put("webhooks", webhooks(value));
      default -> {
        if (REQUIRED_LIMITS.contains(column)) {
          put(column, value.equalsIgnoreCase("unlimited") ? "-1" : Long.toString(integer(name, value)));
        } else if (OPTIONAL_LIMITS.contains(column)) {
          put(column, value.equalsIgnoreCase("default") ? null : Long.toString(integer(name, value)));
        } else {
          throw new UsageException("unknown option " + name);
        }
      }
    }
  }

  private void put(String column, String value) {
    if (values.containsKey(column)) throw new UsageException("the " + column + " is given twice");
    values.put(column, value);
  }

  /** A random value: 7 digits for an id (like Pusher's), lowercase hex of {@code length} otherwise. */
  String generate(String column, int length) {
    String v;
    if (column.equals("id")) {
      v = Integer.toString(1_000_000 + RANDOM.nextInt(9_000_000));
    } else {
      byte[] bytes = new byte[(length + 1) / 2];
      RANDOM.nextBytes(bytes);
      v = HexFormat.of().formatHex(bytes).substring(0, length);
    }
    generated.put(column, v);
    return v;
  }

  private static String identifier(String option, String value) {
    if (value.isEmpty() || value.length() > 255) {
      throw new UsageException(option + " must be 1 to 255 characters");
    }
    if (value.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#' || c == '%')) {
      throw new UsageException(option + " must not contain spaces or any of / ? # %");
    }
    return value;
  }

  private static long integer(String option, String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a whole number, got '" + value + "'");
    }
  }

  private static String webhooks(String value) {
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new UsageException("--webhooks must be a JSON array: " + e.getOriginalMessage());
    }
    if (node == null || !node.isArray()) throw new UsageException("--webhooks must be a JSON array");
    for (JsonNode w : node) {
      if (!w.isObject()) throw new UsageException("--webhooks must be a JSON array of objects");
    }
    return node.toString();
  }
}
