package io.tidings.server.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code array} driver: the apps of the configuration ({@code SOKETI_DEFAULT_APP_*} and
 * {@code appManager.array.apps} of the config file). Immutable; thread-safe.
 */
public final class ArrayAppManager implements AppManager {

  private final Map<String, App> byId = new HashMap<>();
  private final Map<String, App> byKey = new HashMap<>();

  public ArrayAppManager(List<App> apps) {
    for (App a : apps) {
      byId.putIfAbsent(a.id(), a);
      byKey.putIfAbsent(a.key(), a);
    }
  }

  @Override
  public CompletableFuture<App> findById(String id) {
    return CompletableFuture.completedFuture(id == null ? null : byId.get(id));
  }

  @Override
  public CompletableFuture<App> findByKey(String key) {
    return CompletableFuture.completedFuture(key == null ? null : byKey.get(key));
  }
}
