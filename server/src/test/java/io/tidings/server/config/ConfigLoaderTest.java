package io.tidings.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.server.app.App;
import io.tidings.server.app.AppDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the configuration is built: Soketi's defaults, layering, parsing rules, validation and notices. */
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private static ConfigLoader.Loaded load(Map<String, String> env) {
    return ConfigLoader.load(env, null);
  }

  private Path file(String json) throws IOException {
    Path f = Files.createTempFile(dir, "config", ".json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void theDefaultsAreSoketisRealOnes() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(6001);
    assertThat(c.metrics().port()).isEqualTo(9601);
    assertThat(c.metrics().enabled()).isFalse();
    assertThat(c.metrics().prefix()).isEqualTo("soketi_");
    assertThat(c.pathPrefix()).isEmpty();
    assertThat(c.appDefaults()).isEqualTo(AppDefaults.SOKETI);
    assertThat(c.appDefaults()).isEqualTo(new AppDefaults(100, 2, 200, 100, 200, 100, 10));
    assertThat(c.channelCacheTtl()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofMillis(3000));
    assertThat(c.userAuthenticationTimeout()).isEqualTo(Duration.ofMillis(30000));
    assertThat(c.database().port()).isEqualTo(5432);
    assertThat(c.database().host()).isEqualTo("127.0.0.1");
    assertThat(c.database().user()).isEqualTo("postgres");
    assertThat(c.database().password()).isEqualTo("password");
    assertThat(c.database().database()).isEqualTo("main");
    assertThat(c.pool()).isEqualTo(new ServerConfig.Pool(false, 0, 7));
    assertThat(c.appManager().driver()).isEqualTo(ServerConfig.AppManagerDriver.ARRAY);
    assertThat(c.appManager().cacheEnabled()).isFalse();
    assertThat(c.appManager().cacheTtl()).as("-1 = forever").isNull();
    assertThat(c.appManager().postgresTable()).isEqualTo("apps");
    assertThat(c.adapter().driver()).isEqualTo(ServerConfig.AdapterDriver.LOCAL);
    assertThat(c.webhooks().batching()).isFalse();
    assertThat(c.webhooks().batchDuration()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.http().requestLimitBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.http().acceptTrafficThreshold()).isEqualTo(85.0);
    assertThat(c.http().soketiStatusCodes()).isFalse();
    assertThat(c.webSocket().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.webSocket().maxMessageBytes()).isEqualTo(1024 * 1024);
    assertThat(c.debug()).isFalse();
    App app = c.appManager().apps().get(0);
    assertThat(c.appManager().apps()).hasSize(1);
    assertThat(app.id()).isEqualTo("app-id");
    assertThat(app.key()).isEqualTo("app-key");
    assertThat(app.secret()).isEqualTo("app-secret");
    assertThat(app.maxConnections()).isEqualTo(-1);
    assertThat(app.enableClientMessages()).isFalse();
    assertThat(app.enabled()).isTrue();
    assertThat(app.maxBackendEventsPerSec()).isEqualTo(-1);
    assertThat(app.maxClientEventsPerSec()).isEqualTo(-1);
    assertThat(app.maxReadReqPerSec()).isEqualTo(-1);
    assertThat(app.enableUserAuthentication()).isFalse();
    assertThat(app.webhooks()).isEmpty();
  }

  @Test
  void valuesAreJsonParsedWithTheRawStringAsFallback() {
    ServerConfig c = load(Map.of(
        "SOKETI_PORT", "6002",
        "SOKETI_DEFAULT_APP_ID", "123",
        "SOKETI_DEFAULT_APP_KEY", "a key that is not json",
        "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true",
        "SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"http://hooks.test/x\",\"event_types\":[\"channel_occupied\"]}]",
        "SOKETI_PATH_PREFIX", "/ws")).config();
    App app = c.appManager().apps().get(0);
    assertThat(c.port()).isEqualTo(6002);
    assertThat(app.id()).as("a number id becomes a string, as Soketi coerces it").isEqualTo("123");
    assertThat(app.key()).isEqualTo("a key that is not json");
    assertThat(app.enableClientMessages()).isTrue();
    assertThat(app.webhooks()).singleElement().satisfies(w -> assertThat(w.url()).isEqualTo("http://hooks.test/x"));
    assertThat(c.pathPrefix()).isEqualTo("/ws");
  }

  @Test
  void anEmptyValueIsUnset() {
    ServerConfig c = load(Map.of("SOKETI_PORT", "", "SOKETI_DEFAULT_APP_KEY", "", "SOKETI_DEBUG", "")).config();
    assertThat(c.port()).isEqualTo(6001);
    assertThat(c.appManager().apps().get(0).key()).isEqualTo("app-key");
    assertThat(c.debug()).isFalse();
  }

  @Test
  void aConfigFileDefinesSeveralAppsInCamelCaseOrSnakeCaseAndTheEnvironmentWins() throws IOException {
    Path f = file("""
        {"port": 7000, "debug": true,
         "appManager.array.apps": [
           {"id": "camel", "key": "ck", "secret": "cs", "maxConnections": 5, "enableClientMessages": true,
            "maxBackendEventsPerSecond": 3, "maxPresenceMembersPerChannel": 9, "enableUserAuthentication": true},
           {"id": 42, "key": "sk", "secret": "ss", "max_connections": "7", "enable_client_messages": 1,
            "max_read_req_per_sec": 4, "max_channel_name_length": 30, "enabled": 0},
           {"AppId": "pascal", "AppKey": "pk", "AppSecret": "ps", "MaxConnections": 2}
         ]}""");
    ServerConfig c = ConfigLoader.load(Map.of("SOKETI_PORT", "7001"), f).config();
    assertThat(c.port()).isEqualTo(7001);
    assertThat(c.debug()).isTrue();
    List<App> apps = c.appManager().apps();
    assertThat(apps).extracting(App::id).containsExactly("camel", "42", "pascal");
    App camel = apps.get(0);
    assertThat(camel.maxConnections()).isEqualTo(5);
    assertThat(camel.enableClientMessages()).isTrue();
    assertThat(camel.maxBackendEventsPerSec()).isEqualTo(3);
    assertThat(camel.maxPresenceMembersPerChannel()).isEqualTo(9);
    assertThat(camel.enableUserAuthentication()).isTrue();
    assertThat(camel.maxChannelNameLength()).as("the server default").isEqualTo(200);
    App snake = apps.get(1);
    assertThat(snake.maxConnections()).isEqualTo(7);
    assertThat(snake.enableClientMessages()).isTrue();
    assertThat(snake.maxReadReqPerSec()).isEqualTo(4);
    assertThat(snake.maxChannelNameLength()).isEqualTo(30);
    assertThat(snake.enabled()).isFalse();
    assertThat(apps.get(2).key()).isEqualTo("pk");
    assertThat(apps.get(2).maxConnections()).isEqualTo(2);
  }

  @Test
  void aDefaultAppVariableEditsTheFirstAppOfTheConfigFile() throws IOException {
    Path f = file("{\"appManager.array.apps\": [{\"id\": \"a\", \"key\": \"k\", \"secret\": \"s\"}, {\"id\": \"b\", \"key\": \"k2\", \"secret\": \"s2\"}]}");
    List<App> apps = ConfigLoader.load(Map.of("SOKETI_DEFAULT_APP_SECRET", "from-env"), f).config().appManager().apps();
    assertThat(apps).extracting(App::secret).containsExactly("from-env", "s2");
  }

  @Test
  void anInvalidValueStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> load(Map.of("SOKETI_PORT", "not-a-port")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_PORT").hasMessageContaining("not-a-port");
    assertThatThrownBy(() -> load(Map.of("SOKETI_DEBUG", "perhaps")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_DEBUG");
    assertThatThrownBy(() -> load(Map.of("SOKETI_PRESENCE_MAX_MEMBERS", "-3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_PRESENCE_MAX_MEMBERS");
  }

  @Test
  void everyInvalidValueIsReportedAtOnce() {
    assertThatThrownBy(() -> load(Map.of("SOKETI_PORT", "x", "SOKETI_SHUTDOWN_GRACE_PERIOD", "soon")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("SOKETI_PORT"))
            .anySatisfy(p -> assertThat(p).startsWith("SOKETI_SHUTDOWN_GRACE_PERIOD")));
  }

  @Test
  void anInvalidConfigFileValueNamesItsKey() throws IOException {
    Path f = file("{\"port\": \"six thousand\"}");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), f)).hasMessageContaining("--config key 'port'");
  }

  @Test
  void anUnknownDriverStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> load(Map.of("SOKETI_ADAPTER_DRIVER", "zookeeper")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_ADAPTER_DRIVER").hasMessageContaining("zookeeper");
    assertThatThrownBy(() -> load(Map.of("SOKETI_APP_MANAGER_DRIVER", "excel")))
        .hasMessageContaining("SOKETI_APP_MANAGER_DRIVER");
    assertThatThrownBy(() -> load(Map.of("SOKETI_METRICS_DRIVER", "statsd")))
        .hasMessageContaining("SOKETI_METRICS_DRIVER");
  }

  @Test
  void aSoketiDriverTidingsLacksStopsStartUpSayingWhy() {
    assertThatThrownBy(() -> load(Map.of("SOKETI_ADAPTER_DRIVER", "redis")))
        .hasMessageContaining("SOKETI_ADAPTER_DRIVER").hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> load(Map.of("SOKETI_APP_MANAGER_DRIVER", "mysql")))
        .hasMessageContaining("SOKETI_APP_MANAGER_DRIVER");
  }

  @Test
  void variablesOfAbsentDriversGiveOneNoticeEach() {
    List<String> notices = load(Map.of(
        "SOKETI_DB_REDIS_HOST", "redis.local",
        "SOKETI_DB_REDIS_PORT", "6380",
        "SOKETI_ADAPTER_NATS_SERVERS", "[\"n:4222\"]",
        "SOKETI_DB_MYSQL_HOST", "mysql.local",
        "SOKETI_QUEUE_SQS_URL", "https://sqs.test/q")).notices();
    assertThat(notices).hasSize(4);
    assertThat(notices).filteredOn(n -> n.contains("SOKETI_DB_REDIS_HOST")).singleElement()
        .satisfies(n -> assertThat(n).contains("SOKETI_DB_REDIS_PORT").contains("Redis"));
    assertThat(notices).filteredOn(n -> n.contains("SOKETI_ADAPTER_NATS_SERVERS")).hasSize(1);
    assertThat(notices).filteredOn(n -> n.contains("SOKETI_DB_MYSQL_HOST")).hasSize(1);
    assertThat(notices).filteredOn(n -> n.contains("SOKETI_QUEUE_SQS_URL")).hasSize(1);
  }

  @Test
  void aDriverTidingsReplacesByItsOwnGivesANoticeAndStartUpGoesOn() {
    List<String> notices = load(Map.of("SOKETI_CACHE_DRIVER", "redis", "SOKETI_QUEUE_DRIVER", "redis",
        "SOKETI_RATE_LIMITER_DRIVER", "cluster")).notices();
    assertThat(notices).hasSize(3)
        .anySatisfy(n -> assertThat(n).startsWith("SOKETI_CACHE_DRIVER=redis"))
        .anySatisfy(n -> assertThat(n).startsWith("SOKETI_QUEUE_DRIVER=redis"))
        .anySatisfy(n -> assertThat(n).startsWith("SOKETI_RATE_LIMITER_DRIVER=cluster"));
  }

  @Test
  void theCoreVariablesGiveNoNotice() {
    assertThat(load(Map.of("SOKETI_PORT", "6005", "SOKETI_DEBUG", "true", "SOKETI_APP_MANAGER_POSTGRES_VERSION", "15")).notices())
        .isEmpty();
  }

  @Test
  void aMisnamedOrUnknownVariableIsReported() {
    List<String> notices = load(Map.of("SOKETI_CHANNEL_MAX_NAME_LENGTH", "50", "SOKETI_NOT_A_THING", "1")).notices();
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("SOKETI_CHANNEL_MAX_NAME_LENGTH").contains("SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH"));
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("SOKETI_NOT_A_THING"));
  }

  @Test
  void aDotEnvFileIsReadAndTheRealEnvironmentWins() throws IOException {
    Files.writeString(dir.resolve(".env"), """
        # a comment
        SOKETI_PORT=7100
        SOKETI_DEFAULT_APP_KEY="quoted-key"
        export SOKETI_DEBUG=true
        SOKETI_DEFAULT_APP_SECRET='single'
        """);
    Map<String, String> env = ConfigLoader.withDotEnv(Map.of("SOKETI_PORT", "7200"), dir);
    ServerConfig c = load(env).config();
    assertThat(c.port()).isEqualTo(7200);
    assertThat(c.debug()).isTrue();
    assertThat(c.appManager().apps().get(0).key()).isEqualTo("quoted-key");
    assertThat(c.appManager().apps().get(0).secret()).isEqualTo("single");
  }

  @Test
  void withoutADotEnvFileTheEnvironmentIsUsedAsItIs() {
    Map<String, String> env = Map.of("SOKETI_PORT", "7300");
    assertThat(ConfigLoader.withDotEnv(env, dir)).isEqualTo(env);
  }

  @Test
  void aChannelCacheTtlOfZeroOrLessNeverExpires() {
    assertThat(load(Map.of("SOKETI_CHANNEL_CACHE_TTL", "0")).config().channelCacheTtl()).isNull();
    assertThat(load(Map.of("SOKETI_CHANNEL_CACHE_TTL", "-1")).config().channelCacheTtl()).isNull();
    assertThat(load(Map.of("SOKETI_CHANNEL_CACHE_TTL", "5")).config().channelCacheTtl()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theDocumentedRequestSizeVariableIsRead() {
    assertThat(load(Map.of("SOKETI_HTTP_MAX_REQUEST_SIZE", "2")).config().http().requestLimitBytes()).isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void thePathPrefixIsNormalised() {
    assertThat(load(Map.of("SOKETI_PATH_PREFIX", "ws/")).config().pathPrefix()).isEqualTo("/ws");
  }
}
