package io.tidings.server.app.postgres;

import io.tidings.server.app.App;
import io.tidings.server.app.AppManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache in front of the apps table.
 *
 * <ul>
 *   <li><b>Positive cache</b> ({@code SOKETI_APP_MANAGER_CACHE_ENABLED}, {@code _TTL}): apps by id and by
 *       key in two maps — Soketi keeps both in one key space, where an id can shadow another app's key.
 *       A TTL of zero or less keeps entries until a change notification removes them, as Soketi's
 *       memory cache does with {@code -1} (and {@code 0}).</li>
 *   <li><b>Negative cache</b> ({@code SOKETI_APP_MANAGER_NEGATIVE_CACHE_TTL}, on even when the positive
 *       cache is off): an unknown id or key is answered from memory for a short while, so that clients
 *       hammering a wrong key cost one query per TTL, not one per attempt. At most
 *       {@value #MAX_NEGATIVE_ENTRIES} entries per map, so random keys cannot grow it without bound.</li>
 *   <li><b>Coalescing</b>: concurrent lookups of one id (or key) share one query.</li>
 *   <li><b>Change notifications</b> ({@link #rowChanged}): entries of the ids and keys a row had
 *       before and after are dropped at once and the row is read again; {@link #resync} re-reads every
 *       app this node has seen (after the notification connection was lost), keeping the old entries
 *       until the new ones arrive so that an unreachable database does not empty the cache.</li>
 *   <li><b>Change detection</b>: every fresh read is compared with the last version this node saw;
 *       a difference (or a deletion) is reported to the {@linkplain #onChange listeners}, so live
 *       connections follow even without the trigger, when the TTL lets a newer row in.</li>
 * </ul>
 *
 * <p><b>Races:</b> a read that was already running when a change arrived may carry the old row; it is
 * neither cached nor reported. Each change takes a number from {@link #epoch}; a read remembers the
 * number current when it started, and its result is dropped when a change to its id or key (or to
 * everything) has a higher number.
 *
 * <p><b>Threading:</b> thread-safe and non-blocking. Listeners are called on the thread that completes
 * the read (the database event loop) and must not block. Time comes from the injected clock.
 */
public final class AppCache implements AppManager {

  private static final Logger log = LoggerFactory.getLogger(AppCache.class);

  /** Unknown ids (and keys) remembered at most at once. */
  static final int MAX_NEGATIVE_ENTRIES = 10_000;

  private record Cached(App app, long expiresAtNanos, boolean forever) {
    boolean fresh(long now) {
      return forever || now - expiresAtNanos < 0;
    }
  }

  private final AppManager source;
  private final boolean positive;
  private final long ttlNanos;
  private final long negativeTtlNanos;
  private final LongSupplier nanoClock;

  private final ConcurrentHashMap<String, Cached> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cached> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> missingIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> missingKeys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<App>> loadingIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<App>> loadingKeys = new ConcurrentHashMap<>();
  /** The last version of every app this node read and that was not deleted since. */
  private final ConcurrentHashMap<String, App> known = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  /** Epoch of the last change per {@code "i:" + id} and {@code "k:" + key}. */
  private final ConcurrentHashMap<String, Long> changedAt = new ConcurrentHashMap<>();
  private volatile long everythingChangedAt;
  private final List<AppChangeListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param source      where apps come from (owned by the caller)
   * @param enabled     whether found apps are cached
   * @param ttl         how long a found app is cached; null, zero or negative = until it changes
   * @param negativeTtl how long an unknown id or key is remembered; zero = not at all
   * @param nanoClock   monotonic time in nanoseconds ({@code System::nanoTime})
   */
  public AppCache(AppManager source, boolean enabled, Duration ttl, Duration negativeTtl, LongSupplier nanoClock) {
    this.source = source;
    this.positive = enabled;
    this.ttlNanos = ttl == null || ttl.isNegative() ? 0 : ttl.toNanos();
    this.negativeTtlNanos = negativeTtl == null || negativeTtl.isNegative() ? 0 : negativeTtl.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public CompletableFuture<App> findById(String id) {
    if (id == null) return CompletableFuture.completedFuture(null);
    long now = nanoClock.getAsLong();
    if (positive) {
      Cached c = byId.get(id);
      if (c != null && c.fresh(now)) return CompletableFuture.completedFuture(c.app());
    }
    if (missing(missingIds, id, now)) return CompletableFuture.completedFuture(null);
    return load(false, id);
  }

  @Override
  public CompletableFuture<App> findByKey(String key) {
    if (key == null) return CompletableFuture.completedFuture(null);
    long now = nanoClock.getAsLong();
    if (positive) {
      Cached c = byKey.get(key);
      if (c != null && c.fresh(now)) return CompletableFuture.completedFuture(c.app());
    }
    if (missing(missingKeys, key, now)) return CompletableFuture.completedFuture(null);
    return load(true, key);
  }

  @Override
  public void onChange(AppChangeListener listener) {
    listeners.add(listener);
  }

  /** A row changed (trigger notification): forget what it was and read it again. Any thread. */
  void rowChanged(AppRowChange change) {
    if (change.everything()) {
      resync();
      return;
    }
    long e = epoch.incrementAndGet();
    for (String id : change.ids()) {
      changedAt.put("i:" + id, e);
      Cached gone = byId.remove(id);
      if (gone != null) byKey.remove(gone.app().key(), gone);
      missingIds.remove(id);
      loadingIds.remove(id);
    }
    for (String key : change.keys()) {
      changedAt.put("k:" + key, e);
      byKey.remove(key);
      missingKeys.remove(key);
      loadingKeys.remove(key);
    }
    for (String id : change.ids()) load(false, id);
  }

  /**
   * Changes may have been missed (the notification connection was down): read every app seen so far
   * again. Cached entries keep serving until their new version arrives. Any thread.
   */
  void resync() {
    long e = epoch.incrementAndGet();
    everythingChangedAt = e;
    changedAt.values().removeIf(v -> v <= e);
    missingIds.clear();
    missingKeys.clear();
    loadingIds.clear();
    loadingKeys.clear();
    for (String id : new ArrayList<>(known.keySet())) load(false, id);
  }

  /** Ids of the apps this node has seen and not seen deleted (for tests and diagnostics). */
  int knownApps() {
    return known.size();
  }

  /** Starts (or joins) the read of {@code value}, by key or by id. */
  private CompletableFuture<App> load(boolean byKeyLookup, String value) {
    Map<String, CompletableFuture<App>> loading = byKeyLookup ? loadingKeys : loadingIds;
    CompletableFuture<App> mine = new CompletableFuture<>();
    CompletableFuture<App> running = loading.putIfAbsent(value, mine);
    if (running != null) return running.copy();
    long start = epoch.get();
    CompletableFuture<App> read;
    try {
      read = byKeyLookup ? source.findByKey(value) : source.findById(value);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    read.whenComplete((app, err) -> {
      if (err == null) {
        try {
          loaded(byKeyLookup, value, app, start);
        } catch (RuntimeException e) {
          log.warn("Caching app lookup of {} failed: {}", value, e.toString());
        }
      }
      loading.remove(value, mine);
      if (err != null) mine.completeExceptionally(err); else mine.complete(app);
    });
    return mine.copy();
  }

  private void loaded(boolean byKeyLookup, String value, App app, long start) {
    if (superseded(start, byKeyLookup ? null : value, byKeyLookup ? value : null, app)) return;
    long now = nanoClock.getAsLong();
    if (app == null) {
      if (byKeyLookup) {
        remember(missingKeys, value, now);
      } else {
        remember(missingIds, value, now);
        Cached gone = byId.remove(value);
        if (gone != null) byKey.remove(gone.app().key(), gone);
        if (known.remove(value) != null) fire(value, null);
      }
      return;
    }
    if (positive) {
      Cached c = new Cached(app, now + ttlNanos, ttlNanos == 0);
      Cached previous = byId.put(app.id(), c);
      if (previous != null && !previous.app().key().equals(app.key())) byKey.remove(previous.app().key(), previous);
      byKey.put(app.key(), c);
    }
    App previous = known.put(app.id(), app);
    if (previous != null && !previous.equals(app)) fire(app.id(), app);
  }

  private boolean superseded(long start, String id, String key, App app) {
    long latest = everythingChangedAt;
    if (id != null) latest = Math.max(latest, changedAt.getOrDefault("i:" + id, 0L));
    if (key != null) latest = Math.max(latest, changedAt.getOrDefault("k:" + key, 0L));
    if (app != null) {
      latest = Math.max(latest, changedAt.getOrDefault("i:" + app.id(), 0L));
      latest = Math.max(latest, changedAt.getOrDefault("k:" + app.key(), 0L));
    }
    return latest > start;
  }

  private boolean missing(ConcurrentHashMap<String, Long> misses, String value, long now) {
    Long until = misses.get(value);
    if (until == null) return false;
    if (now - until < 0) return true;
    misses.remove(value, until);
    return false;
  }

  private void remember(ConcurrentHashMap<String, Long> misses, String value, long now) {
    if (negativeTtlNanos == 0) return;
    if (misses.size() >= MAX_NEGATIVE_ENTRIES) {
      misses.values().removeIf(until -> now - until >= 0);
      if (misses.size() >= MAX_NEGATIVE_ENTRIES) return;
    }
    misses.put(value, now + negativeTtlNanos);
  }

  private void fire(String id, App app) {
    for (AppChangeListener l : listeners) {
      try {
        l.changed(id, app);
      } catch (RuntimeException e) {
        log.warn("An app change listener failed for app {}: {}", id, e.toString());
      }
    }
  }
}
