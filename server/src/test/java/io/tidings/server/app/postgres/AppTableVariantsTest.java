package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.app.App;
import io.tidings.server.app.Webhook;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestApps;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Apps tables that are not Soketi's exact DDL but that real deployments have: boolean flags, jsonb or
 * text webhooks, text limits holding '', missing optional columns, a schema-qualified mixed-case name,
 * duplicate keys. Each test starts a node on its own table.
 */
@Tag("postgres")
class AppTableVariantsTest {

  static PgTarget db;

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  static App lookUp(String table, String key) throws Exception {
    try (TestServer server = TestServer.start(TestApps.in(db, table).env())) {
      return server.server().context().apps().findByKey(key).get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void booleanFlagColumnsAreRead() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE bool_apps (id varchar(255) PRIMARY KEY, \"key\" varchar(255) NOT NULL, secret varchar(255) NOT NULL,"
            + " max_connections integer NOT NULL, enable_client_messages boolean NOT NULL, \"enabled\" boolean NOT NULL,"
            + " max_backend_events_per_sec integer NOT NULL, max_client_events_per_sec integer NOT NULL,"
            + " max_read_req_per_sec integer NOT NULL, webhooks json, enable_user_authentication boolean NOT NULL)",
        "INSERT INTO bool_apps VALUES ('b1', 'bk1', 's', -1, true, true, -1, -1, -1, '[]', true)",
        "INSERT INTO bool_apps VALUES ('b2', 'bk2', 's', -1, false, false, -1, -1, -1, '[]', false)");
    App on = lookUp("bool_apps", "bk1");
    App off = lookUp("bool_apps", "bk2");
    assertThat(on.enableClientMessages()).isTrue();
    assertThat(on.enabled()).isTrue();
    assertThat(on.enableUserAuthentication()).isTrue();
    assertThat(off.enableClientMessages()).isFalse();
    assertThat(off.enabled()).isFalse();
    assertThat(off.enableUserAuthentication()).isFalse();
  }

  @Test
  void aFalseBooleanEnabledColumnRefusesConnectionsWith4003() {
    TestPostgres.execute(db,
        "CREATE TABLE bool_apps2 (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL, \"enabled\" boolean NOT NULL)",
        "INSERT INTO bool_apps2 VALUES ('b3', 'bk3', 's', false)");
    try (TestServer server = TestServer.start(TestApps.in(db, "bool_apps2").env());
         RawWebSocket ws = RawWebSocket.connect(server.wsUrl("bk3"))) {
      assertThat(ws.awaitClose()).isEqualTo(4003);
    }
  }

  @Test
  void jsonbWebhooksAreParsed() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE jsonb_apps (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL, webhooks jsonb)",
        "INSERT INTO jsonb_apps VALUES ('j1', 'jk1', 's', '[{\"url\":\"http://h/1\",\"event_types\":[\"channel_vacated\"]}]')");
    assertThat(lookUp("jsonb_apps", "jk1").webhooks())
        .containsExactly(new Webhook("http://h/1", null, Set.of("channel_vacated"), Map.of(), null, null));
  }

  @Test
  void textWebhooksAreParsed() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE text_apps (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL, webhooks text)",
        "INSERT INTO text_apps VALUES ('t1', 'tk1', 's', '[{\"url\":\"http://h/2\",\"event_types\":[\"client_event\"]}]')");
    assertThat(lookUp("text_apps", "tk1").webhooks())
        .containsExactly(new Webhook("http://h/2", null, Set.of("client_event"), Map.of(), null, null));
  }

  @Test
  void webhooksThatAreNotJsonAreIgnoredAndTheAppStillServes() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE bad_hooks (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL, webhooks text)",
        "INSERT INTO bad_hooks VALUES ('w1', 'wk1', 's', 'not json')");
    App app = lookUp("bad_hooks", "wk1");
    assertThat(app.id()).isEqualTo("w1");
    assertThat(app.webhooks()).isEmpty();
  }

  @Test
  void anEmptyStringInATextLimitColumnMeansTheServerDefault() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE text_limits (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL,"
            + " max_connections text, max_channel_name_length text, max_event_batch_size text)",
        "INSERT INTO text_limits VALUES ('l1', 'lk1', 's', '', '', '7')");
    App app = lookUp("text_limits", "lk1");
    assertThat(app.maxConnections()).isEqualTo(-1);
    assertThat(app.maxChannelNameLength()).isEqualTo(200);
    assertThat(app.maxEventBatchSize()).isEqualTo(7);
  }

  @Test
  void aTableWithoutTheOptionalColumnsServesAppsWithTheDefaults() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE old_apps (id varchar(255) PRIMARY KEY, \"key\" varchar(255) NOT NULL, secret varchar(255) NOT NULL,"
            + " max_connections integer NOT NULL, enable_client_messages smallint NOT NULL, \"enabled\" smallint NOT NULL,"
            + " max_backend_events_per_sec integer NOT NULL, max_client_events_per_sec integer NOT NULL,"
            + " max_read_req_per_sec integer NOT NULL)",
        "INSERT INTO old_apps VALUES ('o1', 'ok1', 's', 5, 1, 1, -1, -1, -1)");
    App app = lookUp("old_apps", "ok1");
    assertThat(app.maxConnections()).isEqualTo(5);
    assertThat(app.enableClientMessages()).isTrue();
    assertThat(app.maxPresenceMembersPerChannel()).isEqualTo(100);
    assertThat(app.maxEventPayloadInKb()).isEqualTo(100);
    assertThat(app.webhooks()).isEmpty();
    assertThat(app.enableUserAuthentication()).isFalse();
  }

  @Test
  void aSchemaQualifiedMixedCaseTableNameIsQuoted() throws Exception {
    TestPostgres.execute(db,
        "CREATE SCHEMA \"Tenant\"",
        "CREATE TABLE \"Tenant\".\"Apps\" (id text PRIMARY KEY, \"key\" text NOT NULL, secret text NOT NULL)",
        "INSERT INTO \"Tenant\".\"Apps\" VALUES ('m1', 'mk1', 's')");
    assertThat(lookUp("Tenant.Apps", "mk1").id()).isEqualTo("m1");
  }

  @Test
  void theFirstRowWinsWhenTwoRowsShareAKey() throws Exception {
    TestPostgres.execute(db,
        "CREATE TABLE dup_apps (id text, \"key\" text NOT NULL, secret text NOT NULL)",
        "INSERT INTO dup_apps VALUES ('first', 'same', 's1')",
        "INSERT INTO dup_apps VALUES ('second', 'same', 's2')");
    assertThat(lookUp("dup_apps", "same").id()).isEqualTo("first");
  }
}
