package io.tidings.bus.postgres;

import io.tidings.testing.PgTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts buses on a test database with intervals short enough for tests, and shuts them all down: at
 * {@link #close()}, or after each test when registered as a field with {@code @RegisterExtension}.
 * Used by one test thread.
 */
final class TestBuses implements AutoCloseable, AfterEachCallback {

  private final List<PostgresBus> started = new ArrayList<>();

  static PostgresBusConfig.Builder config(PgTarget db) {
    return PostgresBusConfig.builder()
        .host(db.host()).port(db.port()).database(db.database()).user(db.user()).password(db.password())
        .heartbeatInterval(Duration.ofMillis(300))
        .heartbeatTimeout(Duration.ofMillis(1_500))
        .requestsTimeout(Duration.ofSeconds(3));
  }

  PostgresBus start(PgTarget db) {
    return start(config(db).build());
  }

  PostgresBus start(PostgresBusConfig config) {
    try {
      PostgresBus bus = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
      started.add(bus);
      return bus;
    } catch (Exception e) {
      throw new IllegalStateException("bus did not start", e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    close();
  }

  @Override
  public void close() throws Exception {
    for (PostgresBus bus : started) {
      bus.shutdown().get(30, TimeUnit.SECONDS);
    }
    started.clear();
  }
}
