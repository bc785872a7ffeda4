package io.tidings.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private embedded PostgreSQL that a test can stop and start again on the same port and data, to
 * inject a database outage. Never the machine's shared server.
 *
 * <p>Not thread-safe: one test drives it.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final int port;
  private final Path dataDirectory;
  private EmbeddedPostgres running;

  RestartablePostgres() {
    try {
      this.port = freePort();
      this.dataDirectory = Files.createTempDirectory("tidings-pg-data");
      // zonky refuses an existing but empty data directory; let it create the directory itself.
      Files.delete(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  /** The server's {@code postgres} database. */
  public PgTarget target() {
    return new PgTarget("127.0.0.1", port, "postgres", "postgres", "");
  }

  /** True while the server runs. */
  public boolean running() {
    return running != null;
  }

  /** Starts the server (again), keeping its data. */
  public void start() {
    if (running != null) return;
    try {
      running = EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(TestPostgres.workingDirectory())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the dedicated PostgreSQL on port " + port, e);
    }
  }

  /** Stops the server; connections to it break. */
  public void stop() {
    if (running == null) return;
    try {
      running.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      running = null;
    }
  }

  @Override
  public void close() {
    stop();
    try (var files = Files.walk(dataDirectory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: the directory lives under the temporary directory.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
