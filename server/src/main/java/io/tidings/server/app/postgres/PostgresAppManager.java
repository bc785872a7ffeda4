package io.tidings.server.app.postgres;

import io.tidings.server.app.App;
import io.tidings.server.app.AppManager;
import io.tidings.server.app.AppReader;
import io.tidings.server.app.AppStoreException;
import io.tidings.server.config.Identifiers;
import io.tidings.server.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} app driver: Soketi's apps table read through a pool ({@link AppTable}), cached
 * ({@link AppCache}) and kept current by the change trigger ({@link AppChangeFeed}).
 *
 * <p>{@link #start} checks, before the server accepts anything, that the database answers and that the
 * table exists, and fails with one line naming host, port and database otherwise. Later outages do not
 * stop the server: cached apps keep serving, other lookups fail (callers refuse clearly), and the pool
 * and the LISTEN connection come back by themselves, even from connections that went silent without
 * closing: a pooled connection that leaves a lookup unanswered is closed at once and replaced
 * ({@link AppTable}), a silent LISTEN connection is abandoned and replaced ({@link AppChangeFeed}).
 *
 * <p><b>Threading:</b> thread-safe. Futures and change listeners complete on the Vert.x event loop this
 * manager owns, together with its pool and LISTEN connection; {@link #close} releases all three.
 */
public final class PostgresAppManager implements AppManager {

  private static final Logger log = LoggerFactory.getLogger(PostgresAppManager.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final Pool pool;
  private final AppCache cache;
  private AppChangeFeed feed;

  private PostgresAppManager(Vertx vertx, Pool pool, AppCache cache) {
    this.vertx = vertx;
    this.pool = pool;
    this.cache = cache;
  }

  /**
   * Connects, checks the table and starts listening for changes.
   *
   * @throws AppStoreException (one line, no secret) when the database cannot be reached or has no such table
   */
  public static PostgresAppManager start(ServerConfig config) {
    ServerConfig.Database db = config.database();
    ServerConfig.AppManager settings = config.appManager();
    String table = settings.postgresTable();
    Vertx vertx = AppDatabase.newVertx();
    Pool pool = AppDatabase.newPool(vertx, db, config.pool());
    AppTable source = new AppTable(vertx, pool, table, new AppRows(new AppReader(config.appDefaults())));
    AppCache cache = new AppCache(source, settings.cacheEnabled(), settings.cacheTtl(), settings.negativeCacheTtl(),
        System::nanoTime);
    PostgresAppManager manager = new PostgresAppManager(vertx, pool, cache);
    try {
      String qualified = manager.checkTable(db, table);
      manager.feed = new AppChangeFeed(vertx, AppDatabase.connectOptions(db), qualified, cache::rowChanged, cache::resync);
      try {
        AppDatabase.await(manager.feed.start(), START_TIMEOUT);
      } catch (AppStoreException e) {
        throw new AppStoreException("Cannot listen for app changes on PostgreSQL at " + AppDatabase.describe(db)
            + ": " + e.getMessage(), e);
      }
      return manager;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Resolves the table's schema-qualified name; warns when the change trigger is missing. */
  private String checkTable(ServerConfig.Database db, String table) {
    RowSet<Row> rows;
    try {
      rows = AppDatabase.await(pool.preparedQuery(AppsSchema.FIND_TABLE)
          .execute(Tuple.of(Identifiers.quoteTableName(table))), START_TIMEOUT);
    } catch (AppStoreException e) {
      throw new AppStoreException("Cannot reach the PostgreSQL app store at " + AppDatabase.describe(db) + ": "
          + e.getMessage(), e);
    }
    RowIterator<Row> it = rows.iterator();
    if (!it.hasNext()) {
      throw new AppStoreException("The apps table " + Identifiers.quoteTableName(table) + " does not exist in "
          + AppDatabase.describe(db) + "; create it with: ./tidings apps init");
    }
    Row row = it.next();
    String qualified = row.getString(0) + "." + row.getString(1);
    if (!row.getBoolean(2)) {
      log.warn("The apps table {} has no change trigger: edits reach this node only when its cached apps expire"
          + " (SOKETI_APP_MANAGER_CACHE_TTL). Install the trigger with: ./tidings apps init", qualified);
    }
    log.info("Apps come from table {} in PostgreSQL at {}", qualified, AppDatabase.describe(db));
    return qualified;
  }

  @Override
  public CompletableFuture<App> findById(String id) {
    return cache.findById(id);
  }

  @Override
  public CompletableFuture<App> findByKey(String key) {
    return cache.findByKey(key);
  }

  @Override
  public void onChange(AppChangeListener listener) {
    cache.onChange(listener);
  }

  @Override
  public void close() {
    if (feed != null) feed.close();
    try {
      AppDatabase.await(pool.close(), Duration.ofSeconds(5));
    } catch (AppStoreException e) {
      log.debug("The apps pool did not close cleanly: {}", e.getMessage());
    }
    try {
      AppDatabase.await(vertx.close(), Duration.ofSeconds(5));
    } catch (AppStoreException e) {
      log.debug("The database event loop did not stop cleanly: {}", e.getMessage());
    }
  }
}
