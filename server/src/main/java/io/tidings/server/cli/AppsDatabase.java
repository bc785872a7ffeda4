package io.tidings.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.postgres.AppDatabase;
import io.tidings.server.app.postgres.AppRows;
import io.tidings.server.app.AppStoreException;
import io.tidings.server.app.postgres.AppsSchema;
import io.tidings.server.config.Identifiers;
import io.tidings.server.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements behind {@code ./tidings apps}, run over one connection and waited for (the CLI is a
 * short-lived, single-threaded program). Values are always bound parameters, cast in SQL to the type
 * each column really has, so tables with {@code boolean} flags or {@code text} columns work too; the
 * table name is a validated identifier, quoted.
 *
 * <p>Not thread-safe. Owns its Vert.x instance and connection; {@link #close} releases them.
 */
final class AppsDatabase implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** SQL casts for the column types an apps table may use; other types get their value as text. */
  private static final Map<String, String> CASTS = Map.of(
      "int2", "smallint", "int4", "integer", "int8", "bigint", "bool", "boolean", "json", "json",
      "jsonb", "jsonb", "numeric", "numeric", "float4", "real", "float8", "double precision");

  private final Vertx vertx;
  private final PgConnection connection;
  private final String table;
  private final String quoted;

  private AppsDatabase(Vertx vertx, PgConnection connection, String table) {
    this.vertx = vertx;
    this.connection = connection;
    this.table = table;
    this.quoted = Identifiers.quoteTableName(table);
  }

  /**
   * Connects to the database of {@code config}.
   *
   * @throws AppStoreException naming host, port and database when it cannot
   */
  static AppsDatabase connect(ServerConfig config) {
    Vertx vertx = AppDatabase.newVertx();
    try {
      PgConnection c = AppDatabase.await(PgConnection.connect(vertx, AppDatabase.connectOptions(config.database())),
          TIMEOUT);
      c.noticeHandler(notice -> { }); // "already exists, skipping" notices are expected, not news
      return new AppsDatabase(vertx, c, config.appManager().postgresTable());
    } catch (AppStoreException e) {
      vertx.close();
      throw new AppStoreException("cannot reach PostgreSQL at " + AppDatabase.describe(config.database()) + ": "
          + e.getMessage());
    }
  }

  String quotedTable() {
    return quoted;
  }

  /** Creates the table when missing, and installs (or removes) the change trigger, in one transaction. */
  void init(boolean trigger) {
    List<String> statements = new ArrayList<>();
    statements.add(AppsSchema.createTable(table));
    statements.addAll(trigger ? AppsSchema.installTrigger(table) : AppsSchema.removeTrigger(table));
    run("BEGIN");
    try {
      for (String sql : statements) run(sql);
      run("COMMIT");
    } catch (AppStoreException e) {
      run("ROLLBACK");
      throw e;
    }
  }

  /** True when the table (or a view of that name) exists. */
  boolean tableExists() {
    return await(connection.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(quoted)))
        .iterator().next().getBoolean(0);
  }

  /** Column name → PostgreSQL type name ({@code int2}, {@code bool}, {@code json}, …), in table order. */
  Map<String, String> columns() {
    RowSet<Row> rows = await(connection.preparedQuery(
        "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")
        .execute(Tuple.of(quoted)));
    Map<String, String> columns = new LinkedHashMap<>();
    for (Row r : rows) columns.put(r.getString(0), r.getString(1));
    if (columns.isEmpty()) {
      throw new AppStoreException("the table " + quoted + " does not exist; create it with: ./tidings apps init");
    }
    return columns;
  }

  /** True when some row has {@code column} = {@code value} (column from the fixed list of app columns). */
  boolean exists(String column, String value) {
    return await(connection.preparedQuery("SELECT 1 FROM " + quoted + " WHERE " + column(column) + " = $1 LIMIT 1")
        .execute(Tuple.of(value))).size() > 0;
  }

  /** Inserts one row. */
  void insert(Map<String, String> values, Map<String, String> types) {
    List<String> names = new ArrayList<>();
    List<String> params = new ArrayList<>();
    Tuple tuple = Tuple.tuple();
    for (Map.Entry<String, String> v : values.entrySet()) {
      names.add(column(v.getKey()));
      tuple.addValue(v.getValue());
      params.add(param(tuple.size(), types.get(v.getKey())));
    }
    run("INSERT INTO " + quoted + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", params) + ")",
        tuple);
  }

  /** Updates the row with {@code id}; returns how many rows changed. */
  int update(String id, Map<String, String> values, Map<String, String> types) {
    List<String> sets = new ArrayList<>();
    Tuple tuple = Tuple.tuple();
    for (Map.Entry<String, String> v : values.entrySet()) {
      tuple.addValue(v.getValue());
      sets.add(column(v.getKey()) + " = " + param(tuple.size(), types.get(v.getKey())));
    }
    tuple.addValue(id);
    return run("UPDATE " + quoted + " SET " + String.join(", ", sets) + " WHERE \"id\" = $" + tuple.size(), tuple)
        .rowCount();
  }

  /** Deletes the row with {@code id}; returns how many rows went. */
  int delete(String id) {
    return run("DELETE FROM " + quoted + " WHERE \"id\" = $1", Tuple.of(id)).rowCount();
  }

  /** Every row, ordered by id, as JSON objects of its columns. */
  List<ObjectNode> list() {
    List<ObjectNode> result = new ArrayList<>();
    for (Row r : await(connection.query("SELECT * FROM " + quoted + " ORDER BY \"id\"").execute())) {
      result.add(AppRows.toJson(r));
    }
    return result;
  }

  @Override
  public void close() {
    try {
      AppDatabase.await(connection.close(), Duration.ofSeconds(5));
    } catch (AppStoreException ignored) {
      // The process is about to exit.
    }
    try {
      AppDatabase.await(vertx.close(), Duration.ofSeconds(5));
    } catch (AppStoreException ignored) {
      // Idem.
    }
  }

  private static String param(int index, String type) {
    String cast = type == null ? null : CASTS.get(type);
    return "$" + index + "::text" + (cast == null ? "" : "::" + cast);
  }

  private static String column(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private RowSet<Row> run(String sql) {
    return await(connection.query(sql).execute());
  }

  private RowSet<Row> run(String sql, Tuple params) {
    return await(connection.preparedQuery(sql).execute(params));
  }

  private static <T> T await(Future<T> f) {
    return AppDatabase.await(f, TIMEOUT);
  }
}
