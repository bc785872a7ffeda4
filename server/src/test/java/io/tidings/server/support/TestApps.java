package io.tidings.server.support;

import io.tidings.server.app.postgres.AppsSchema;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An apps table in a test database, edited the way an operator would (plain SQL over JDBC), for tests
 * of the {@code postgres} app driver. Not thread-safe; one per test class or test.
 */
public final class TestApps {

  /** Soketi's documented table, verbatim. */
  public static final String SOKETI_DDL = """
      CREATE TABLE IF NOT EXISTS apps (
          id varchar(255) PRIMARY KEY, "key" varchar(255) NOT NULL, secret varchar(255) NOT NULL,
          max_connections integer NOT NULL, enable_client_messages smallint NOT NULL, "enabled" smallint NOT NULL,
          max_backend_events_per_sec integer NOT NULL, max_client_events_per_sec integer NOT NULL,
          max_read_req_per_sec integer NOT NULL, max_presence_members_per_channel integer DEFAULT NULL,
          max_presence_member_size_in_kb integer DEFAULT NULL, max_channel_name_length integer DEFAULT NULL,
          max_event_channels_at_once integer DEFAULT NULL, max_event_name_length integer DEFAULT NULL,
          max_event_payload_in_kb integer DEFAULT NULL, max_event_batch_size integer DEFAULT NULL,
          webhooks json, enable_user_authentication smallint NOT NULL);
      """;

  /** Soketi's test fixture row. */
  public static final String SOKETI_FIXTURE_ROW = "INSERT INTO apps (id, \"key\", secret, max_connections, \"enabled\","
      + " enable_client_messages, max_backend_events_per_sec, max_client_events_per_sec, max_read_req_per_sec,"
      + " webhooks, max_presence_members_per_channel, max_presence_member_size_in_kb, max_channel_name_length,"
      + " max_event_channels_at_once, max_event_name_length, max_event_payload_in_kb, max_event_batch_size,"
      + " enable_user_authentication) VALUES ('app-id', 'app-key', 'app-secret', 200, 1, 1, -1, -1, -1, '[]',"
      + " null, null, null, null, null, null, null, 0)";

  private final PgTarget db;
  private final String table;

  private TestApps(PgTarget db, String table) {
    this.db = db;
    this.table = table;
  }

  /** A new database holding Soketi's {@code apps} table, verbatim, without the change trigger. */
  public static TestApps soketiTable() {
    TestApps apps = new TestApps(TestPostgres.newDatabase(), "apps");
    apps.execute(SOKETI_DDL);
    return apps;
  }

  /** The table {@code table} (a name as {@code SOKETI_APP_MANAGER_POSTGRES_TABLE} holds it) in {@code db}. */
  public static TestApps in(PgTarget db, String table) {
    return new TestApps(db, table);
  }

  public PgTarget db() {
    return db;
  }

  /** The variables that point a node at this table, with the postgres driver. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_APP_MANAGER_DRIVER", "postgres");
    env.put("SOKETI_APP_MANAGER_POSTGRES_TABLE", table);
    return env;
  }

  /** {@link #env()} plus {@code extra}. */
  public Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = env();
    env.putAll(extra);
    return env;
  }

  /** Installs the change trigger, as {@code ./tidings apps init} does. */
  public TestApps withTrigger() {
    List<String> sql = new ArrayList<>(List.of("BEGIN"));
    sql.addAll(AppsSchema.installTrigger(table));
    sql.add("COMMIT");
    execute(sql.toArray(String[]::new));
    return this;
  }

  /** Inserts an app with Soketi's defaults (unlimited, enabled, no client messages) plus {@code columns}. */
  public void add(String id, String key, String secret, Map<String, Object> columns) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("key", key);
    row.put("secret", secret);
    row.put("max_connections", -1);
    row.put("enable_client_messages", 0);
    row.put("enabled", 1);
    row.put("max_backend_events_per_sec", -1);
    row.put("max_client_events_per_sec", -1);
    row.put("max_read_req_per_sec", -1);
    row.put("enable_user_authentication", 0);
    row.putAll(columns);
    List<String> names = new ArrayList<>();
    List<String> marks = new ArrayList<>();
    for (String c : row.keySet()) {
      names.add("\"" + c + "\"");
      marks.add(c.equals("webhooks") ? "?::json" : "?");
    }
    update("INSERT INTO " + quoted() + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", marks) + ")",
        row.values().toArray());
  }

  public void add(String id, String key, String secret) {
    add(id, key, secret, Map.of());
  }

  /** Sets one column of the app with {@code id}. */
  public void set(String id, String column, Object value) {
    update("UPDATE " + quoted() + " SET \"" + column + "\" = ? WHERE id = ?", value, id);
  }

  public void delete(String id) {
    update("DELETE FROM " + quoted() + " WHERE id = ?", id);
  }

  /** Runs statements on the database. */
  public void execute(String... sql) {
    TestPostgres.execute(db, sql);
  }

  /** Runs one parameterized statement; returns the update count. */
  public int update(String sql, Object... params) {
    try (Connection c = TestPostgres.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query, or null. */
  public Object queryValue(String sql, Object... params) {
    try (Connection c = TestPostgres.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The row with {@code id} as column → value, or an empty map. */
  public Map<String, Object> row(String id) {
    try (Connection c = TestPostgres.connect(db);
         PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quoted() + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (rs.next()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.put(rs.getMetaData().getColumnName(i), v instanceof org.postgresql.util.PGobject o ? o.getValue() : v);
          }
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private String quoted() {
    return io.tidings.server.config.Identifiers.quoteTableName(table);
  }
}
