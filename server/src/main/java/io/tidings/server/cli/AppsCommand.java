package io.tidings.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.AppStoreException;
import io.tidings.server.cli.AppFields.UsageException;
import io.tidings.server.config.ConfigException;
import io.tidings.server.config.ConfigLoader;
import io.tidings.server.config.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tidings apps …}: creates the apps table and its change trigger, and adds, lists, updates,
 * enables, disables and deletes apps, so nobody has to write SQL by hand. Reads the same
 * {@code SOKETI_DB_POSTGRES_*} and {@code SOKETI_APP_MANAGER_POSTGRES_TABLE} variables as the server.
 *
 * <p>Exit codes: 0 done, 1 the database refused or the app does not exist, 2 wrong usage or invalid
 * configuration; every failure is one line on standard error. Secrets are printed only when an app is
 * added (or its secret regenerated) and by {@code list --show-secrets}.
 *
 * <p>Single-threaded; one run per process.
 */
public final class AppsCommand {

  static final String USAGE = """
      Usage: tidings apps <command> [options]

      Manages the PostgreSQL apps table named by SOKETI_APP_MANAGER_POSTGRES_TABLE (default apps) in the
      database named by SOKETI_DB_POSTGRES_HOST, _PORT, _USERNAME, _PASSWORD and _DATABASE.

      Commands:
        init [--no-trigger]      create the table (Soketi's columns) unless it exists, and install the
                                 trigger that tells every node at once when an app changes
                                 (--no-trigger removes it; nodes then see changes after the cache TTL)
        add [options]            add an app; id, key and secret are generated unless given, and printed
        list [--show-secrets] [--json]
                                 list the apps; secrets only with --show-secrets
        update <id> [options]    change an app's settings
        disable <id>             close the app's connections (4003) and refuse new ones
        enable <id>              accept the app's connections again
        delete <id>              delete the app; its connections are closed (4001)

      Options of add and update:
        --id ID                  the app id (add only)
        --key KEY | --new-key    the key, or a newly generated one
        --secret S | --new-secret
                                 the secret, or a newly generated one (printed)
        --enabled | --disabled
        --client-messages | --no-client-messages
        --user-authentication | --no-user-authentication
        --max-connections N      and --max-backend-events-per-sec, --max-client-events-per-sec,
                                 --max-read-req-per-sec: -1 or "unlimited" for no limit
        --max-presence-members-per-channel N, --max-presence-member-size-in-kb N,
        --max-channel-name-length N, --max-event-channels-at-once N, --max-event-name-length N,
        --max-event-payload-in-kb N, --max-event-batch-size N
                                 "default" for the server's default (NULL in the table)
        --webhooks JSON          the webhooks, a JSON array as Soketi documents it
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final PrintStream err;

  private AppsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code args} (what follows {@code apps}) and returns the exit code.
   *
   * @param env       the environment (a {@code .env} in {@code directory} is added, as for the server)
   * @param directory the working directory
   */
  public static int run(String[] args, Map<String, String> env, Path directory, PrintStream out, PrintStream err) {
    return new AppsCommand(out, err).run(Arrays.asList(args), env, directory);
  }

  private int run(List<String> args, Map<String, String> env, Path directory) {
    if (args.isEmpty() || args.get(0).equals("help") || args.contains("--help") || args.contains("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    if (!List.of("init", "add", "list", "update", "enable", "disable", "delete").contains(command)) {
      err.println("tidings apps: unknown command '" + command + "'");
      err.print(USAGE);
      return 2;
    }
    ServerConfig config;
    try {
      config = ConfigLoader.load(ConfigLoader.withDotEnv(env, directory), null).config();
    } catch (ConfigException e) {
      err.println("tidings apps: the configuration is invalid: " + String.join("; ", e.problems()));
      return 2;
    }
    try {
      // Check the arguments before connecting, so that a typo fails fast and offline.
      Runnable action = plan(command, rest, config);
      action.run();
      return 0;
    } catch (UsageException e) {
      err.println("tidings apps " + command + ": " + e.getMessage() + " (see: ./tidings apps help)");
      return 2;
    } catch (AppStoreException e) {
      err.println("tidings apps " + command + ": " + e.getMessage());
      return 1;
    }
  }

  private Runnable plan(String command, List<String> args, ServerConfig config) {
    return switch (command) {
      case "init" -> {
        boolean trigger = flagsOnly(args, List.of("--no-trigger")).isEmpty();
        yield () -> init(config, trigger);
      }
      case "add" -> {
        AppFields fields = AppFields.parse(args, true);
        yield () -> add(config, fields);
      }
      case "list" -> {
        List<String> flags = flagsOnly(args, List.of("--show-secrets", "--json"));
        yield () -> list(config, flags.contains("--show-secrets"), flags.contains("--json"));
      }
      case "update" -> {
        String id = id(args, command);
        AppFields fields = AppFields.parse(args.subList(1, args.size()), false);
        if (fields.values.isEmpty()) throw new UsageException("nothing to change");
        yield () -> update(config, id, fields, "Updated");
      }
      case "enable", "disable" -> {
        String id = id(args, command);
        if (args.size() > 1) throw new UsageException("unexpected argument '" + args.get(1) + "'");
        AppFields fields = AppFields.parse(List.of(command.equals("enable") ? "--enabled" : "--disabled"), false);
        yield () -> update(config, id, fields, command.equals("enable") ? "Enabled" : "Disabled");
      }
      case "delete" -> {
        String id = id(args, command);
        if (args.size() > 1) throw new UsageException("unexpected argument '" + args.get(1) + "'");
        yield () -> delete(config, id);
      }
      default -> throw new UsageException("unknown command");
    };
  }

  private void init(ServerConfig config, boolean trigger) {
    try (AppsDatabase db = AppsDatabase.connect(config)) {
      boolean existed = db.tableExists();
      db.init(trigger);
      out.println("Table " + db.quotedTable() + (existed ? " already existed" : " created")
          + (trigger ? "; change trigger installed: edits reach every node at once."
              : "; no change trigger: nodes see edits when their cached apps expire."));
    }
  }

  private void add(ServerConfig config, AppFields fields) {
    try (AppsDatabase db = AppsDatabase.connect(config)) {
      Map<String, String> types = db.columns();
      Map<String, String> values = new LinkedHashMap<>();
      boolean idGiven = fields.values.containsKey("id");
      String id = idGiven ? fields.values.get("id") : fields.generate("id", 0);
      for (int attempt = 0; !idGiven && attempt < 5 && db.exists("id", id); attempt++) {
        id = fields.generate("id", 0); // a random id that happens to be taken
      }
      if (db.exists("id", id)) throw new AppStoreException("an app with id " + id + " already exists");
      values.put("id", id);
      String key = fields.values.containsKey("key") ? fields.values.get("key") : fields.generate("key", 20);
      if (db.exists("key", key)) throw new AppStoreException("an app with key " + key + " already exists");
      values.put("key", key);
      values.put("secret", fields.values.containsKey("secret") ? fields.values.get("secret") : fields.generate("secret", 32));
      for (Map.Entry<String, String> d : AppFields.ADD_DEFAULTS.entrySet()) {
        if (types.containsKey(d.getKey())) values.put(d.getKey(), d.getValue());
      }
      fields.values.forEach((column, value) -> {
        if (!column.equals("id") && !column.equals("key") && !column.equals("secret")) values.put(column, value);
      });
      requireColumns(db, types, values.keySet());
      db.insert(values, types);
      out.println("Added app " + id + ".");
      out.println("  id:     " + id);
      out.println("  key:    " + key);
      out.println("  secret: " + values.get("secret"));
      out.println("Keep the secret safe; it is shown again only by: ./tidings apps list --show-secrets");
    }
  }

  private void update(ServerConfig config, String id, AppFields fields, String verb) {
    try (AppsDatabase db = AppsDatabase.connect(config)) {
      Map<String, String> types = db.columns();
      requireColumns(db, types, fields.values.keySet());
      String key = fields.values.get("key");
      if (key != null && db.exists("key", key)) throw new AppStoreException("an app with key " + key + " already exists");
      if (db.update(id, fields.values, types) == 0) throw new AppStoreException("there is no app with id " + id);
      out.println(verb + " app " + id + ".");
      if (fields.generated.containsKey("key")) out.println("  key:    " + fields.generated.get("key"));
      if (fields.generated.containsKey("secret")) out.println("  secret: " + fields.generated.get("secret"));
    }
  }

  private void delete(ServerConfig config, String id) {
    try (AppsDatabase db = AppsDatabase.connect(config)) {
      if (db.delete(id) == 0) throw new AppStoreException("there is no app with id " + id);
      out.println("Deleted app " + id + ".");
    }
  }

  private void list(ServerConfig config, boolean showSecrets, boolean json) {
    List<ObjectNode> rows;
    try (AppsDatabase db = AppsDatabase.connect(config)) {
      db.columns(); // a clear error when the table is missing
      rows = db.list();
    }
    if (!showSecrets) rows.forEach(r -> r.remove("secret"));
    if (json) {
      ArrayNode array = JSON.createArrayNode();
      rows.forEach(array::add);
      out.println(array.toString());
      return;
    }
    List<String> headers = new ArrayList<>(List.of("ID", "KEY"));
    if (showSecrets) headers.add("SECRET");
    headers.addAll(List.of("ENABLED", "CLIENT_MESSAGES", "USER_AUTH", "MAX_CONNECTIONS", "WEBHOOKS"));
    List<List<String>> table = new ArrayList<>();
    table.add(headers);
    for (ObjectNode r : rows) {
      List<String> line = new ArrayList<>(List.of(text(r, "id"), text(r, "key")));
      if (showSecrets) line.add(text(r, "secret"));
      line.addAll(List.of(flag(r, "enabled", true), flag(r, "enable_client_messages", false),
          flag(r, "enable_user_authentication", false), text(r, "max_connections"), webhookCount(r)));
      table.add(line);
    }
    int[] widths = new int[headers.size()];
    for (List<String> line : table) {
      for (int i = 0; i < line.size(); i++) widths[i] = Math.max(widths[i], line.get(i).length());
    }
    for (List<String> line : table) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        sb.append(i == line.size() - 1 ? line.get(i) : String.format("%-" + (widths[i] + 2) + "s", line.get(i)));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.println(rows.size() + (rows.size() == 1 ? " app" : " apps"));
  }

  private static void requireColumns(AppsDatabase db, Map<String, String> types, Iterable<String> columns) {
    for (String c : columns) {
      if (!types.containsKey(c)) throw new AppStoreException("the table " + db.quotedTable() + " has no column " + c);
    }
  }

  private static String id(List<String> args, String command) {
    if (args.isEmpty() || args.get(0).startsWith("--")) throw new UsageException("which app? give its id: apps " + command + " <id>");
    return args.get(0);
  }

  private static List<String> flagsOnly(List<String> args, List<String> allowed) {
    for (String a : args) {
      if (!allowed.contains(a)) throw new UsageException("unexpected argument '" + a + "'");
    }
    return args;
  }

  private static String text(ObjectNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  private static String flag(ObjectNode r, String field, boolean absent) {
    JsonNode v = r.get(field);
    boolean on = v == null || v.isNull() ? absent
        : v.isBoolean() ? v.asBoolean() : v.isNumber() ? v.asDouble() != 0 : !List.of("0", "false", "").contains(v.asText());
    return on ? "yes" : "no";
  }

  private static String webhookCount(ObjectNode r) {
    JsonNode w = r.get("webhooks");
    if (w == null || w.isNull()) return "0";
    if (w.isTextual()) {
      try {
        w = JSON.readTree(w.asText());
      } catch (java.io.IOException e) {
        return "invalid";
      }
    }
    return w != null && w.isArray() ? Integer.toString(w.size()) : "invalid";
  }
}
