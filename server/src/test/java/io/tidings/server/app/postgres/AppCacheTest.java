package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.app.App;
import io.tidings.server.app.AppDefaults;
import io.tidings.server.app.AppReader;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import io.tidings.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The app cache over a real apps table, with a clock the tests move. Queries are counted by the table
 * itself: lookups go through the view {@code counted_apps}, which takes a number from a sequence once per
 * statement, so the count is what PostgreSQL executed, not what the code claims.
 */
@Tag("postgres")
class AppCacheTest {

  static final AtomicInteger SEQ = new AtomicInteger();
  static TestApps apps;
  static Vertx vertx;
  static Pool pool;
  static AppTable table;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @BeforeAll
  static void start() {
    apps = TestApps.soketiTable();
    apps.execute("CREATE SEQUENCE lookups",
        // An uncorrelated sub-select runs once per statement (a one-time filter), whatever the rows.
        "CREATE VIEW counted_apps AS SELECT a.* FROM apps a WHERE (SELECT nextval('lookups')) > 0");
    var db = apps.db();
    vertx = AppDatabase.newVertx();
    pool = AppDatabase.newPool(vertx, new ServerConfig.Database(db.host(), db.port(), db.user(), db.password(), db.database()),
        new ServerConfig.Pool(false, 0, 7));
    table = new AppTable(vertx, pool, "counted_apps", new AppRows(new AppReader(AppDefaults.SOKETI)));
  }

  @AfterAll
  static void stop() {
    if (pool != null) pool.close();
    if (vertx != null) vertx.close();
  }

  static long queries() {
    return ((Number) apps.queryValue("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM lookups")).longValue();
  }

  AppCache cache(boolean enabled, Duration ttl) {
    return new AppCache(table, enabled, ttl, Duration.ofSeconds(5), nanos::get);
  }

  static String newApp() {
    String id = "c" + SEQ.incrementAndGet();
    apps.add(id, "key-" + id, "secret-1");
    return id;
  }

  static App get(CompletableFuture<App> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aCachedAppIsServedUntilItsTtlPasses() throws Exception {
    AppCache cache = cache(true, Duration.ofSeconds(60));
    String id = newApp();
    assertThat(get(cache.findByKey("key-" + id)).secret()).isEqualTo("secret-1");
    apps.set(id, "secret", "secret-2");
    advance(Duration.ofSeconds(59));
    assertThat(get(cache.findByKey("key-" + id)).secret()).isEqualTo("secret-1");
    advance(Duration.ofSeconds(2));
    assertThat(get(cache.findByKey("key-" + id)).secret()).isEqualTo("secret-2");
  }

  @Test
  void withoutATtlAnAppIsCachedUntilItsChangeIsNotified() throws Exception {
    AppCache cache = cache(true, null);
    String id = newApp();
    get(cache.findById(id));
    apps.set(id, "secret", "secret-2");
    advance(Duration.ofDays(30));
    assertThat(get(cache.findById(id)).secret()).isEqualTo("secret-1");
    cache.rowChanged(new AppRowChange("public.apps", "UPDATE", id, "key-" + id, id, "key-" + id));
    assertThat(get(cache.findById(id)).secret()).isEqualTo("secret-2");
  }

  @Test
  void idsAndKeysAreCachedApart() throws Exception {
    AppCache cache = cache(true, null);
    apps.add("shared-x", "key-a", "s");
    apps.add("id-b", "shared-x", "s");
    assertThat(get(cache.findById("shared-x")).key()).isEqualTo("key-a");
    assertThat(get(cache.findByKey("shared-x")).id()).isEqualTo("id-b");
    assertThat(get(cache.findById("shared-x")).key()).isEqualTo("key-a");
    assertThat(get(cache.findByKey("shared-x")).id()).isEqualTo("id-b");
  }

  @Test
  void aCachedAppIsServedWithoutQueryingTheTable() throws Exception {
    AppCache cache = cache(true, null);
    String id = newApp();
    get(cache.findByKey("key-" + id));
    long before = queries();
    for (int i = 0; i < 100; i++) get(cache.findByKey("key-" + id));
    assertThat(queries() - before).isZero();
  }

  @Test
  void withTheCacheDisabledEveryLookupReadsTheTable() throws Exception {
    AppCache cache = cache(false, null);
    String id = newApp();
    long before = queries();
    get(cache.findByKey("key-" + id));
    apps.set(id, "secret", "secret-2");
    assertThat(get(cache.findByKey("key-" + id)).secret()).isEqualTo("secret-2");
    assertThat(queries() - before).isEqualTo(2);
  }

  @Test
  void aFloodOfLookupsForAnUnknownKeyMakesOneQueryPerNegativeTtl() throws Exception {
    AppCache cache = cache(false, null); // the negative cache works with the positive one off
    long before = queries();
    for (int i = 0; i < 500; i++) assertThat(get(cache.findByKey("no-such-key"))).isNull();
    assertThat(queries() - before).isEqualTo(1);
    advance(Duration.ofSeconds(6));
    for (int i = 0; i < 500; i++) assertThat(get(cache.findByKey("no-such-key"))).isNull();
    assertThat(queries() - before).isEqualTo(2);
  }

  @Test
  void concurrentLookupsOfOneKeyShareOneQuery() throws Exception {
    AppCache cache = cache(false, null);
    String id = newApp();
    long before = queries();
    List<CompletableFuture<App>> lookups = new ArrayList<>();
    try (Connection c = TestPostgres.connect(apps.db()); Statement s = c.createStatement()) {
      // Hold the table so that the first query cannot finish before every lookup has been asked.
      c.setAutoCommit(false);
      s.execute("LOCK TABLE apps IN ACCESS EXCLUSIVE MODE");
      for (int i = 0; i < 50; i++) lookups.add(cache.findByKey("key-" + id));
      assertThat(lookups).noneMatch(CompletableFuture::isDone);
      c.commit();
    }
    for (CompletableFuture<App> f : lookups) assertThat(get(f).id()).isEqualTo(id);
    assertThat(queries() - before).isEqualTo(1);
  }

  @Test
  void anInsertNotificationEndsTheNegativeEntryOfItsKey() throws Exception {
    AppCache cache = cache(true, null);
    String id = "c" + SEQ.incrementAndGet();
    assertThat(get(cache.findByKey("key-" + id))).isNull();
    apps.add(id, "key-" + id, "s");
    assertThat(get(cache.findByKey("key-" + id))).isNull();
    cache.rowChanged(new AppRowChange("public.apps", "INSERT", id, "key-" + id, null, null));
    assertThat(get(cache.findByKey("key-" + id)).id()).isEqualTo(id);
  }

  @Test
  void aKeyChangeNotificationForgetsTheOldKeyAndFindsTheNewOne() throws Exception {
    AppCache cache = cache(true, null);
    String id = newApp();
    get(cache.findByKey("key-" + id));
    apps.set(id, "key", "rotated-" + id);
    cache.rowChanged(new AppRowChange("public.apps", "UPDATE", id, "rotated-" + id, id, "key-" + id));
    assertThat(get(cache.findByKey("key-" + id))).isNull();
    assertThat(get(cache.findByKey("rotated-" + id)).id()).isEqualTo(id);
  }

  @Test
  void aRowReadAgainWithOtherSettingsIsReportedToListeners() throws Exception {
    AppCache cache = cache(false, null);
    List<App> changes = new CopyOnWriteArrayList<>();
    cache.onChange((changedId, app) -> changes.add(app));
    String id = newApp();
    get(cache.findByKey("key-" + id));
    get(cache.findByKey("key-" + id));
    assertThat(changes).isEmpty();
    apps.set(id, "max_connections", 3);
    get(cache.findByKey("key-" + id));
    assertThat(changes).extracting(App::maxConnections).containsExactly(3);
  }

  @Test
  void aDeleteNotificationIsReportedToListenersAsNoApp() throws Exception {
    AppCache cache = cache(true, null);
    List<String> deleted = new CopyOnWriteArrayList<>();
    cache.onChange((changedId, app) -> {
      if (app == null) deleted.add(changedId);
    });
    String id = newApp();
    get(cache.findById(id));
    apps.delete(id);
    cache.rowChanged(new AppRowChange("public.apps", "DELETE", null, null, id, "key-" + id));
    await().atMost(Duration.ofSeconds(10)).until(() -> deleted.contains(id));
    assertThat(get(cache.findByKey("key-" + id))).isNull();
  }

  @Test
  void aResyncReadsEveryKnownAppAgain() throws Exception {
    AppCache cache = cache(true, null);
    String id = newApp();
    get(cache.findByKey("key-" + id));
    apps.set(id, "enabled", 0); // no notification: as if it was sent while the LISTEN connection was down
    cache.resync();
    await().atMost(Duration.ofSeconds(10)).until(() -> !get(cache.findByKey("key-" + id)).enabled());
  }

  @Test
  void aFloodOfConnectionsWithUnknownKeysMakesOneQueryPerKey() {
    long before;
    try (TestServer server = TestServer.start(apps.env(Map.of(
        "SOKETI_APP_MANAGER_POSTGRES_TABLE", "counted_apps",
        "SOKETI_APP_MANAGER_NEGATIVE_CACHE_TTL", "300")))) {
      before = queries();
      for (int i = 0; i < 60; i++) {
        try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("wrong-key-" + (i % 4)))) {
          assertThat(ws.awaitClose()).isEqualTo(4001);
        }
      }
      assertThat(queries() - before).isEqualTo(4);
    }
  }
}
