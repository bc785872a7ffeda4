package io.tidings.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.server.app.App;
import io.tidings.server.app.AppDefaults;
import io.tidings.server.app.AppReader;
import io.tidings.server.config.SoketiVariables.Feature;
import io.tidings.server.config.SoketiVariables.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link ServerConfig} the way Soketi 1.6.1 builds its options: defaults, then the
 * {@code --config} JSON file (flat object of dot paths), then the {@code SOKETI_*} variables, each value
 * JSON-parsed with the raw string as fallback and the empty string meaning unset. Then everything is
 * validated at once; every problem names the variable or file key that caused it.
 *
 * <p>Stateless; call {@link #load} once at start-up.
 */
public final class ConfigLoader {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The result: the configuration and the notices to log once (unsupported features, misnamed variables). */
  public record Loaded(ServerConfig config, List<String> notices) {}

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param env        the environment (typically {@code System.getenv()}, merged with {@code .env})
   * @param configFile the {@code --config} file, or null
   * @throws ConfigException naming every invalid value
   */
  public static Loaded load(Map<String, String> env, Path configFile) {
    List<String> notices = new ArrayList<>();
    OptionTree tree = options(env, configFile, notices);
    List<String> problems = new ArrayList<>();
    ServerConfig config = new Validator(tree, problems, notices).build();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Loaded(config, List.copyOf(notices));
  }

  /**
   * The raw option tree before validation: defaults, then the file, then the environment, exactly as
   * Soketi layers them. Notices about the environment are added to {@code notices}.
   */
  static OptionTree options(Map<String, String> env, Path configFile, List<String> notices) {
    OptionTree tree = new OptionTree();
    for (Variable v : all()) {
      tree.set(v.path(), parseJson(v.defaultJson()), "default of " + v.name());
    }
    if (configFile != null) {
      applyFile(tree, configFile);
    }
    applyEnvironment(tree, env, notices);
    return tree;
  }

  /**
   * Adds the variables of a {@code .env} file in {@code directory} (as Soketi's dotenv does) to
   * {@code env}; variables already in the environment win. Lines are {@code NAME=value}, optionally
   * quoted; {@code #} starts a comment line.
   */
  public static Map<String, String> withDotEnv(Map<String, String> env, Path directory) {
    Path file = directory.resolve(".env");
    if (!Files.isRegularFile(file)) return env;
    Map<String, String> merged = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) continue;
        if (l.startsWith("export ")) l = l.substring(7).strip();
        int eq = l.indexOf('=');
        if (eq <= 0) continue;
        String value = l.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        merged.put(l.substring(0, eq).strip(), value);
      }
    } catch (IOException e) {
      throw new ConfigException(".env: cannot be read: " + e.getMessage());
    }
    merged.putAll(env);
    return merged;
  }

  static List<Variable> all() {
    List<Variable> all = new ArrayList<>(SoketiVariables.SOKETI);
    all.addAll(SoketiVariables.TIDINGS);
    return all;
  }

  private static void applyFile(OptionTree tree, Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("--config=" + file + ": cannot be read as JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("--config=" + file + ": must hold one JSON object of option paths");
    }
    root.fields().forEachRemaining(e ->
        tree.set(e.getKey(), e.getValue(), "--config key '" + e.getKey() + "'"));
  }

  private static void applyEnvironment(OptionTree tree, Map<String, String> env, List<String> notices) {
    Map<String, Variable> known = new LinkedHashMap<>();
    for (Variable v : all()) known.put(v.name(), v);
    Map<Feature, List<String>> missing = new TreeMap<>();
    Set<String> unknown = new java.util.TreeSet<>();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("SOKETI_") || e.getValue() == null || e.getValue().isEmpty()) continue;
      Variable v = known.get(name);
      if (v == null) {
        String instead = SoketiVariables.DOCUMENTED_BUT_UNREAD.get(name);
        if (instead != null) {
          notices.add(name + " is named in Soketi's docs but Soketi never reads it; Tidings doesn't either."
              + " Use " + instead + ".");
        } else {
          unknown.add(name);
        }
        continue;
      }
      tree.set(v.path(), parseEnvValue(e.getValue()), name);
      if (v.feature().missing != null) {
        missing.computeIfAbsent(v.feature(), f -> new ArrayList<>()).add(name);
      }
    }
    missing.forEach((feature, names) -> notices.add(String.join(", ", names) + (names.size() > 1 ? " are" : " is")
        + " set, but Tidings has no " + feature.missing + "; ignored."));
    if (!unknown.isEmpty()) {
      notices.add("Not a Soketi or Tidings variable, ignored: " + String.join(", ", unknown));
    }
  }

  /** Soketi's rule: JSON-parse the value; if that fails, the raw string. */
  static JsonNode parseEnvValue(String raw) {
    try {
      JsonNode node = JSON.readTree(raw);
      return node == null ? TextNode.valueOf(raw) : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(raw);
    }
  }

  private static JsonNode parseJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad built-in default " + json, e);
    }
  }

  /** Turns the option tree into typed records, collecting problems instead of stopping at the first. */
  private static final class Validator {
    private final OptionTree tree;
    private final List<String> problems;
    private final List<String> notices;

    Validator(OptionTree tree, List<String> problems, List<String> notices) {
      this.tree = tree;
      this.problems = problems;
      this.notices = notices;
    }

    ServerConfig build() {
      String adapterDriver = choice("adapter.driver", List.of("local", "postgres"),
          Map.of("redis", "Tidings clusters through PostgreSQL: use postgres",
              "nats", "Tidings clusters through PostgreSQL: use postgres",
              "cluster", "Tidings clusters through PostgreSQL: use postgres"));
      String appDriver = choice("appManager.driver", List.of("array", "postgres"),
          Map.of("mysql", "Tidings reads apps from PostgreSQL or the array driver",
              "dynamodb", "Tidings reads apps from PostgreSQL or the array driver"));
      choice("metrics.driver", List.of("prometheus"), Map.of());
      choice("mode", List.of("full", "server"),
          Map.of("worker", "Tidings delivers webhooks in-process; there are no separate queue workers"));
      fallback("cache.driver", "memory", "the app and channel caches stay in memory");
      fallback("queue.driver", "sync", "webhooks are queued in-process, with retries");
      fallback("rateLimiter.driver", "local", "rate limits are counted per node");

      AppDefaults defaults = new AppDefaults(
          integer("presence.maxMembersPerChannel", 1, Integer.MAX_VALUE),
          decimal("presence.maxMemberSizeInKb"),
          integer("channelLimits.maxNameLength", 1, Integer.MAX_VALUE),
          integer("eventLimits.maxChannelsAtOnce", 1, Integer.MAX_VALUE),
          integer("eventLimits.maxNameLength", 1, Integer.MAX_VALUE),
          decimal("eventLimits.maxPayloadInKb"),
          integer("eventLimits.maxBatchSize", 1, Integer.MAX_VALUE));

      int threads = integer("server.eventLoopThreads", 0, 1024);
      long cacheTtl = integer("appManager.cache.ttl", Integer.MIN_VALUE, Integer.MAX_VALUE);
      String table = text("appManager.postgres.table");
      if (!Identifiers.isValidTableName(table)) {
        problem("appManager.postgres.table", "must be a table name (letters, digits, _ and $, optionally schema-qualified), got \""
            + table + "\"");
      }
      String attachments = text("adapter.postgres.table");
      if (!Identifiers.isValidTableName(attachments)) {
        problem("adapter.postgres.table", "must be a table name, got \"" + attachments + "\"");
      }
      return new ServerConfig(
          text("host"),
          integer("port", 0, 65535),
          pathPrefix(),
          bool("debug"),
          threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
          new ServerConfig.AppManager(
              appDriver.equals("postgres") ? ServerConfig.AppManagerDriver.POSTGRES : ServerConfig.AppManagerDriver.ARRAY,
              bool("appManager.cache.enabled"),
              cacheTtl < 0 ? null : Duration.ofSeconds(cacheTtl),
              Duration.ofSeconds(integer("appManager.cache.negativeTtl", 0, Integer.MAX_VALUE)),
              table,
              apps(defaults)),
          new ServerConfig.Adapter(
              adapterDriver.equals("postgres") ? ServerConfig.AdapterDriver.POSTGRES : ServerConfig.AdapterDriver.LOCAL,
              text("adapter.postgres.prefix"),
              attachments,
              integer("adapter.postgres.payloadThreshold", 100, 7999 + 1),
              millis("adapter.postgres.heartbeatInterval", 1),
              millis("adapter.postgres.heartbeatTimeout", 1),
              millis("adapter.postgres.cleanupInterval", 1),
              millis("adapter.postgres.requestsTimeout", 1),
              millis("adapter.postgres.replayWindow", 0),
              integer("adapter.postgres.replayMaxKb", 0, Integer.MAX_VALUE) * 1024L,
              integer("adapter.postgres.outgoingQueueLimit", 1, Integer.MAX_VALUE),
              integer("adapter.postgres.deliveryQueueLimit", 1, Integer.MAX_VALUE)),
          new ServerConfig.Database(text("database.postgres.host"), integer("database.postgres.port", 1, 65535),
              text("database.postgres.user"), text("database.postgres.password"), text("database.postgres.database")),
          new ServerConfig.Pool(bool("databasePooling.enabled"), integer("databasePooling.min", 0, 1000),
              integer("databasePooling.max", 1, 1000)),
          defaults,
          positiveSecondsOrForever("channelLimits.cacheTtl"),
          new ServerConfig.Http(
              (long) (decimal("httpApi.requestLimitInMb") * 1024 * 1024),
              millis("httpApi.requestTimeout", 1),
              Duration.ofSeconds(integer("httpApi.authTimestampWindow", 0, Integer.MAX_VALUE)),
              bool("compat.http200Errors"),
              decimal("httpApi.acceptTraffic.memoryThreshold")),
          new ServerConfig.WebSocket(
              integer("websocket.maxMessageSizeInKb", 1, 1024 * 1024) * 1024,
              integer("websocket.maxBufferedKb", 16, 1024 * 1024) * 1024,
              Duration.ofSeconds(integer("websocket.idleTimeout", 1, Integer.MAX_VALUE))),
          new ServerConfig.Metrics(bool("metrics.enabled"), text("metrics.host"), integer("metrics.port", 0, 65535),
              text("metrics.prometheus.prefix")),
          new ServerConfig.Webhooks(bool("webhooks.batching.enabled"), millis("webhooks.batching.duration", 1),
              integer("webhooks.queueSize", 1, Integer.MAX_VALUE), integer("webhooks.concurrency", 1, 1024),
              integer("webhooks.maxAttempts", 1, 100), millis("webhooks.timeout", 1)),
          new ServerConfig.Ssl(text("ssl.certPath"), text("ssl.keyPath"), text("ssl.passphrase"), text("ssl.caPath")),
          millis("shutdownGracePeriod", 0),
          millis("userAuthenticationTimeout", 1),
          adminUi());
    }

    private ServerConfig.AdminUi adminUi() {
      boolean enabled = bool("adminUi.enabled");
      String path = mountPath("adminUi.path");
      String socketIoPath = mountPath("adminUi.socketIoPath");
      String namespace = text("adminUi.namespaceName");
      if (!namespace.startsWith("/")) problem("adminUi.namespaceName", "must start with '/', got \"" + namespace + "\"");
      String hash = text("adminUi.passwordHash");
      if (enabled) {
        if (hash.isEmpty()) {
          problem("adminUi.passwordHash", "must be set when the admin UI is enabled: the bcrypt hash of the admin password "
              + "(for example from htpasswd -bnBC 10 \"\" PASSWORD | tr -d ':\\n')");
        } else {
          try {
            io.tidings.admin.auth.AdminAuth.basic(text("adminUi.username"), hash);
          } catch (IllegalArgumentException e) {
            problem("adminUi.passwordHash", "must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
          }
        }
        if (path.equals(socketIoPath)) problem("adminUi.path", "must differ from the admin UI's Socket.IO path " + socketIoPath);
      }
      String mode = choice("adminUi.mode", List.of("development", "production"), Map.of());
      return new ServerConfig.AdminUi(enabled, path, socketIoPath, namespace, text("adminUi.username"), hash,
          bool("adminUi.readonly"), mode.equals("development"), text("adminUi.serverId"));
    }

    /** A path the admin UI takes on the main port: starts with '/', ends with one, is not the root. */
    private String mountPath(String path) {
      String p = text(path).strip();
      if (!p.startsWith("/") || p.equals("/")) {
        problem(path, "must be a path below the root, starting with '/', got \"" + p + "\"");
        return "/admin-ui/";
      }
      return p.endsWith("/") ? p : p + "/";
    }

    private List<App> apps(AppDefaults defaults) {
      JsonNode apps = tree.get("appManager.array.apps");
      List<App> result = new ArrayList<>();
      if (!apps.isArray()) {
        problem("appManager.array.apps", "must be a JSON array of apps");
        return result;
      }
      AppReader reader = new AppReader(defaults);
      Set<String> ids = new HashSet<>();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < apps.size(); i++) {
        String path = "appManager.array.apps." + i;
        try {
          App app = reader.read(apps.get(i));
          if (!ids.add(app.id())) problem(path, "app id " + app.id() + " is used twice");
          if (!keys.add(app.key())) problem(path, "app key " + app.key() + " is used twice");
          result.add(app);
        } catch (IllegalArgumentException e) {
          problem(path, e.getMessage());
        }
      }
      return result;
    }

    private String pathPrefix() {
      String p = text("pathPrefix").strip();
      while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
      if (!p.isEmpty() && !p.startsWith("/")) p = "/" + p;
      return p;
    }

    private String choice(String path, List<String> allowed, Map<String, String> knownButMissing) {
      String value = text(path).toLowerCase(java.util.Locale.ROOT);
      if (allowed.contains(value)) return value;
      String why = knownButMissing.get(value);
      problem(path, why != null
          ? "\"" + value + "\" is a Soketi driver Tidings does not have (" + why + ")"
          : "\"" + value + "\" is not one of " + allowed);
      return allowed.get(0);
    }

    private void fallback(String path, String only, String consequence) {
      String value = text(path);
      if (!value.equalsIgnoreCase(only)) {
        notices.add(tree.sourceOf(path) + "=" + value + ": Tidings has only the " + only + " driver here; "
            + consequence + ".");
      }
    }

    private String text(String path) {
      JsonNode n = tree.get(path);
      if (n.isNull() || n.isMissingNode()) return "";
      if (n.isContainerNode()) {
        problem(path, "must be a string, got " + n);
        return "";
      }
      return n.asText();
    }

    private boolean bool(String path) {
      JsonNode n = tree.get(path);
      if (n.isBoolean()) return n.asBoolean();
      if (n.isNull() || n.isMissingNode()) return false;
      if (n.isNumber()) return n.asDouble() != 0;
      String s = n.asText().strip().toLowerCase(java.util.Locale.ROOT);
      switch (s) {
        case "true", "yes", "on", "1" -> { return true; }
        case "false", "no", "off", "0", "" -> { return false; }
        default -> {
          problem(path, "must be true or false, got \"" + n.asText() + "\"");
          return false;
        }
      }
    }

    private int integer(String path, int min, int max) {
      double d = number(path);
      if (Double.isNaN(d)) return Math.max(min, 0);
      if (d != Math.rint(d) || d < min || d > max) {
        problem(path, "must be a whole number between " + min + " and " + max + ", got " + tree.get(path));
        return Math.max(min, 0);
      }
      return (int) d;
    }

    private double decimal(String path) {
      double d = number(path);
      if (Double.isNaN(d)) return 0;
      if (d < 0) {
        problem(path, "must not be negative, got " + tree.get(path));
      }
      return d;
    }

    /** Soketi's memory cache expires only entries whose TTL is above zero; 0 or less keeps them (null). */
    private Duration positiveSecondsOrForever(String path) {
      int seconds = integer(path, Integer.MIN_VALUE, Integer.MAX_VALUE);
      return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    }

    private Duration millis(String path, int min) {
      return Duration.ofMillis(integer(path, min, Integer.MAX_VALUE));
    }

    private double number(String path) {
      JsonNode n = tree.get(path);
      if (n.isNumber()) return n.asDouble();
      try {
        return Double.parseDouble(n.asText().strip());
      } catch (NumberFormatException e) {
        problem(path, "must be a number, got " + (n.isTextual() ? "\"" + n.asText() + "\"" : n.toString()));
        return Double.NaN;
      }
    }

    private void problem(String path, String message) {
      problems.add(tree.sourceOf(path) + ": " + message);
    }
  }
}
