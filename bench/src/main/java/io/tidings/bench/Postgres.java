package io.tidings.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL at 127.0.0.1:5432 (trust authentication), used through {@code psql}: the
 * bench creates its own throwaway database for the cross-node scenarios and drops it afterwards; it never
 * touches the server itself or other databases. Also samples the NOTIFY queue and the bus sessions
 * (scenario 9). Stateless.
 */
public final class Postgres {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "postgres";

  private Postgres() {}

  /** Runs {@code sql} in {@code database} and returns the unaligned, tuples-only output lines. */
  public static List<String> query(String database, String sql) {
    List<String> cmd = List.of("psql", "-h", HOST, "-p", Integer.toString(PORT), "-U", USER, "-d", database,
        "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("psql failed: " + sql + "\n" + out);
      }
      List<String> lines = new ArrayList<>();
      for (String l : out.split("\n")) if (!l.isBlank()) lines.add(l.trim());
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException("psql is needed for the cross-node scenarios", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Creates {@code database} afresh, with the Node adapter's attachment table (its README's DDL). */
  public static void createDatabase(String database) {
    dropDatabase(database);
    query("postgres", "CREATE DATABASE " + database);
    query(database, "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, "
        + "created_at timestamptz DEFAULT NOW(), payload bytea)");
  }

  /** Drops {@code database}, ending any session still in it. */
  public static void dropDatabase(String database) {
    query("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  /** {@code pg_notification_queue_usage()}: the fraction of the NOTIFY queue in use. */
  public static double notificationQueueUsage(String database) {
    return Double.parseDouble(query(database, "SELECT pg_notification_queue_usage()").get(0));
  }

  /** Sessions on {@code database} by application name: lines of {@code name|count}. */
  public static List<String> sessionsByApplication(String database) {
    return query(database, "SELECT application_name || '|' || count(*) FROM pg_stat_activity WHERE datname = '"
        + database + "' AND pid <> pg_backend_pid() GROUP BY application_name ORDER BY 1");
  }

  /** PIDs of the backends serving {@code database} (for their CPU), but this query's own. */
  public static List<Long> backendPids(String database) {
    List<Long> pids = new ArrayList<>();
    for (String l : query(database, "SELECT pid FROM pg_stat_activity WHERE datname = '" + database
        + "' AND pid <> pg_backend_pid()")) {
      pids.add(Long.parseLong(l));
    }
    return pids;
  }
}
