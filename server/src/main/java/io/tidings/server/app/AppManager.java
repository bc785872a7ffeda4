package io.tidings.server.app;

import java.util.concurrent.CompletableFuture;

/**
 * Finds apps: by key for WebSocket connections, by id for the HTTP API. Implementations: the array
 * driver (configuration), the PostgreSQL driver ({@code apps} table), and the cache in front of either.
 *
 * <p><b>Threading:</b> thread-safe. The futures may complete on any thread (at once for the array
 * driver); callers on an event loop hop back to it before touching connection state.
 */
public interface AppManager extends AutoCloseable {

  /** The app with {@code id}, or null when there is none. Fails only when the source is unreachable. */
  CompletableFuture<App> findById(String id);

  /** The app with {@code key}, or null when there is none. Fails only when the source is unreachable. */
  CompletableFuture<App> findByKey(String key);

  /**
   * Tells {@code listener} when an app changes or disappears (drivers that can notice it), so live
   * connections can follow. The postgres driver reports what its change notifications and fresh reads
   * of the table show; the array driver never changes.
   */
  default void onChange(AppChangeListener listener) {}

  @Override
  default void close() {}

  /** Told about changed apps. Called on any thread. */
  interface AppChangeListener {
    /** {@code app} is the new state, or null when the app with {@code id} was deleted. */
    void changed(String id, App app);
  }
}
