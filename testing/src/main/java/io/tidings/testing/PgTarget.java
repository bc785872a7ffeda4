package io.tidings.testing;

/**
 * Where a test's PostgreSQL database lives. Immutable.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param database database name (each test class normally gets its own, so LISTEN/NOTIFY traffic of
 *                 one test never reaches another)
 * @param user     role to connect as
 * @param password password, empty when the server trusts the connection
 */
public record PgTarget(String host, int port, String database, String user, String password) {

  /** The JDBC URL of this database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The same server, another database. */
  public PgTarget withDatabase(String otherDatabase) {
    return new PgTarget(host, port, otherDatabase, user, password);
  }

  /** The {@code SOKETI_DB_POSTGRES_*} environment a Tidings server needs to use this database. */
  public java.util.Map<String, String> soketiEnv() {
    return java.util.Map.of(
        "SOKETI_DB_POSTGRES_HOST", host,
        "SOKETI_DB_POSTGRES_PORT", Integer.toString(port),
        "SOKETI_DB_POSTGRES_DATABASE", database,
        "SOKETI_DB_POSTGRES_USERNAME", user,
        "SOKETI_DB_POSTGRES_PASSWORD", password);
  }

  /** The {@code PGHOST}, {@code PGPORT}, … environment that libpq and node-postgres read to use this database. */
  public java.util.Map<String, String> libpqEnv() {
    return java.util.Map.of("PGHOST", host, "PGPORT", Integer.toString(port), "PGDATABASE", database, "PGUSER", user,
        "PGPASSWORD", password);
  }
}
