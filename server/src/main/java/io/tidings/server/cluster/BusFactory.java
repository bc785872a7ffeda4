package io.tidings.server.cluster;

import io.tidings.bus.Bus;
import io.tidings.bus.LocalBus;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.server.config.ServerConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the bus that {@code SOKETI_ADAPTER_DRIVER} asks for: the in-process {@link LocalBus} for
 * {@code local}, a {@link PostgresBus} on the {@code SOKETI_DB_POSTGRES_*} database for {@code postgres}.
 */
public final class BusFactory {

  /** How long start-up waits for the database before giving up with a clear message. */
  private static final long START_TIMEOUT_SECONDS = 30;

  private BusFactory() {}

  /**
   * Starts the bus. Blocks until it is ready.
   *
   * @throws IllegalStateException with a one-line reason when the database cannot be reached
   */
  public static Bus start(ServerConfig config) {
    if (config.adapter().driver() == ServerConfig.AdapterDriver.LOCAL) return new LocalBus();
    ServerConfig.Database db = config.database();
    ServerConfig.Adapter a = config.adapter();
    PostgresBusConfig busConfig = PostgresBusConfig.builder()
        .host(db.host()).port(db.port()).database(db.database()).user(db.user()).password(db.password())
        .channelPrefix(a.channelPrefix())
        .attachmentTable(a.attachmentTable())
        .payloadThreshold(a.payloadThreshold())
        .heartbeatInterval(a.heartbeatInterval())
        .heartbeatTimeout(a.heartbeatTimeout())
        .cleanupInterval(a.cleanupInterval())
        .requestsTimeout(a.requestsTimeout())
        .replayWindow(a.replayWindow())
        .replayMaxBytes(a.replayMaxBytes())
        .outgoingQueueLimit(a.outgoingQueueLimit())
        .deliveryQueueLimit(a.deliveryQueueLimit())
        .build();
    try {
      return PostgresBus.start(busConfig).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("SOKETI_ADAPTER_DRIVER=postgres: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("SOKETI_ADAPTER_DRIVER=postgres: no answer from " + db + " within "
          + START_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the bus");
    }
  }
}
