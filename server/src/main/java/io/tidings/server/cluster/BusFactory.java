package io.tidings.server.cluster;

import io.tidings.bus.Bus;
import io.tidings.bus.LocalBus;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.bus.postgres.PostgresBuses;
import io.tidings.server.config.ServerConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the bus that {@code SOKETI_ADAPTER_DRIVER} asks for: the in-process {@link LocalBus} for
 * {@code local}, a lease on the process's {@link PostgresBus} for the {@code SOKETI_DB_POSTGRES_*} database
 * for {@code postgres} ({@link PostgresBuses}: a Socket.IO server in the same process that asks for a bus
 * with the same settings, {@link #postgresConfig}, shares its two sessions).
 */
public final class BusFactory {

  /** How long start-up waits for the database before giving up with a clear message. */
  private static final long START_TIMEOUT_SECONDS = 30;

  private BusFactory() {}

  /**
   * Starts the bus, or takes a lease on the process's bus for the same settings. Blocks until it is ready.
   * The caller owns what it gets and shuts it down when done (a lease's shutdown leaves its namespaces, and
   * only the last one stops the shared bus).
   *
   * @throws IllegalStateException with a one-line reason when the database cannot be reached
   */
  public static Bus start(ServerConfig config) {
    if (config.adapter().driver() == ServerConfig.AdapterDriver.LOCAL) return new LocalBus();
    try {
      return PostgresBuses.acquire(postgresConfig(config)).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("SOKETI_ADAPTER_DRIVER=postgres: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("SOKETI_ADAPTER_DRIVER=postgres: no answer from " + config.database() + " within "
          + START_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the bus");
    }
  }

  /**
   * The PostgreSQL bus settings of {@code config} ({@code SOKETI_DB_POSTGRES_*}, {@code SOKETI_ADAPTER_POSTGRES_*}):
   * a Socket.IO server that takes its bus from {@link PostgresBuses#acquire} with these shares the Pusher
   * server's sessions.
   */
  public static PostgresBusConfig postgresConfig(ServerConfig config) {
    ServerConfig.Database db = config.database();
    ServerConfig.Adapter a = config.adapter();
    return PostgresBusConfig.builder()
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
  }
}
