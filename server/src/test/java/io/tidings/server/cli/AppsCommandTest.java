package io.tidings.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.ServerProcess.Finished;
import io.tidings.server.support.TestApps;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code tidings apps …} run as a user runs it: {@code Main} in a child JVM, configured by
 * {@code SOKETI_*} variables, against a real database.
 */
@Tag("postgres")
class AppsCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  /** A database where {@code apps init} ran once; tests add apps with their own ids. */
  static TestApps apps;

  @BeforeAll
  static void init() {
    apps = TestApps.in(TestPostgres.newDatabase(), "apps");
    Finished init = apps("init");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
  }

  static Finished apps(String... args) {
    return appsIn(apps, args);
  }

  static Finished appsIn(TestApps target, String... args) {
    List<String> all = new ArrayList<>(List.of("apps"));
    all.addAll(List.of(args));
    return ServerProcess.run(target.env(), all.toArray(String[]::new));
  }

  static List<List<Object>> columns(PgTarget db) throws Exception {
    List<List<Object>> columns = new ArrayList<>();
    try (Connection c = TestPostgres.connect(db); ResultSet rs = c.createStatement().executeQuery(
        "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default"
            + " FROM information_schema.columns WHERE table_name = 'apps' ORDER BY ordinal_position")) {
      while (rs.next()) {
        columns.add(java.util.Arrays.asList(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4), rs.getObject(5)));
      }
    }
    return columns;
  }

  static String field(Finished run, String name) {
    Matcher m = Pattern.compile("^\\s+" + name + ":\\s+(\\S+)$", Pattern.MULTILINE).matcher(run.stdout());
    assertThat(m.find()).as(run.stdout()).isTrue();
    return m.group(1);
  }

  @Test
  void initCreatesSoketisTableColumnForColumnWithTheChangeTrigger() throws Exception {
    TestApps soketi = TestApps.soketiTable();
    assertThat(columns(apps.db())).isEqualTo(columns(soketi.db())).hasSize(18);
    assertThat(apps.queryValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'apps'::regclass AND tgname LIKE 'tidings_apps_notify%'"))
        .isEqualTo(2L);
    assertThat(apps.queryValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'apps'::regclass AND contype = 'p'"))
        .isEqualTo("PRIMARY KEY (id)");
  }

  @Test
  void initAgainKeepsTheTableAndItsApps() {
    apps.add("kept", "kept-key", "s");
    Finished again = apps("init");
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout()).contains("already existed");
    assertThat(apps.row("kept")).containsEntry("key", "kept-key");
  }

  @Test
  void addGeneratesIdKeyAndSecretAndPrintsThem() {
    Finished add = apps("add");
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    String id = field(add, "id");
    Map<String, Object> row = apps.row(id);
    assertThat(id).matches("\\d{7}");
    assertThat(field(add, "key")).matches("[0-9a-f]{20}").isEqualTo(row.get("key"));
    assertThat(field(add, "secret")).matches("[0-9a-f]{32}").isEqualTo(row.get("secret"));
    assertThat(row).containsEntry("max_connections", -1).containsEntry("enabled", 1)
        .containsEntry("enable_client_messages", 0).containsEntry("enable_user_authentication", 0)
        .containsEntry("max_event_batch_size", null).containsEntry("webhooks", "[]");
  }

  @Test
  void addStoresTheGivenSettings() {
    Finished add = apps("add", "--id", "given", "--key", "given-key", "--secret=given-secret", "--max-connections", "5",
        "--client-messages", "--user-authentication", "--max-read-req-per-sec", "9", "--max-event-batch-size", "3",
        "--webhooks", "[{\"url\":\"http://h\",\"event_types\":[\"channel_occupied\"]}]");
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(apps.row("given")).containsEntry("key", "given-key").containsEntry("secret", "given-secret")
        .containsEntry("max_connections", 5).containsEntry("enable_client_messages", 1)
        .containsEntry("enable_user_authentication", 1).containsEntry("max_read_req_per_sec", 9)
        .containsEntry("max_event_batch_size", 3)
        .containsEntry("webhooks", "[{\"url\":\"http://h\",\"event_types\":[\"channel_occupied\"]}]");
  }

  @Test
  void addRefusesAKeyAnotherAppHas() {
    apps.add("holder", "taken-key", "s");
    Finished add = apps("add", "--key", "taken-key");
    assertThat(add.exitCode()).isEqualTo(1);
    assertThat(add.stderr()).isEqualTo("tidings apps add: an app with key taken-key already exists");
  }

  @Test
  void listShowsTheAppsButNeverASecretUnlessAsked() throws Exception {
    apps.add("listed", "listed-key", "listed-secret-value");
    Finished list = apps("list");
    Finished json = apps("list", "--json");
    Finished shown = apps("list", "--json", "--show-secrets");
    assertThat(list.exitCode()).isZero();
    assertThat(list.stdout()).contains("listed-key").doesNotContain("listed-secret-value");
    assertThat(json.stdout()).contains("listed-key").doesNotContain("listed-secret-value");
    JsonNode listed = null;
    for (JsonNode app : JSON.readTree(shown.stdout())) {
      if (app.path("id").asText().equals("listed")) listed = app;
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("secret").asText()).isEqualTo("listed-secret-value");
  }

  @Test
  void updateChangesOnlyTheGivenFields() {
    apps.add("updated", "updated-key", "s", Map.of("max_connections", 10, "max_channel_name_length", 50));
    Finished update = apps("update", "updated", "--max-connections", "unlimited", "--max-channel-name-length", "default",
        "--client-messages");
    assertThat(update.exitCode()).as(update.stderr()).isZero();
    assertThat(apps.row("updated")).containsEntry("max_connections", -1).containsEntry("max_channel_name_length", null)
        .containsEntry("enable_client_messages", 1).containsEntry("key", "updated-key").containsEntry("secret", "s");
  }

  @Test
  void updateWithNewSecretPrintsTheNewSecret() {
    apps.add("rotated", "rotated-key", "old-secret");
    Finished update = apps("update", "rotated", "--new-secret");
    assertThat(update.exitCode()).isZero();
    assertThat(field(update, "secret")).isEqualTo(apps.row("rotated").get("secret")).isNotEqualTo("old-secret");
  }

  @Test
  void disableAndEnableFlipTheEnabledColumn() {
    apps.add("flipped", "flipped-key", "s");
    assertThat(apps("disable", "flipped").exitCode()).isZero();
    assertThat(apps.row("flipped")).containsEntry("enabled", 0);
    assertThat(apps("enable", "flipped").exitCode()).isZero();
    assertThat(apps.row("flipped")).containsEntry("enabled", 1);
  }

  @Test
  void deleteRemovesTheAppAndAnUnknownIdExits1() {
    apps.add("deleted", "deleted-key", "s");
    assertThat(apps("delete", "deleted").exitCode()).isZero();
    assertThat(apps.row("deleted")).isEmpty();
    Finished again = apps("delete", "deleted");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).isEqualTo("tidings apps delete: there is no app with id deleted");
  }

  @Test
  void addWorksOnATableWithBooleanFlags() {
    TestApps bools = TestApps.in(TestPostgres.newDatabase(), "apps");
    bools.execute("CREATE TABLE apps (id varchar(255) PRIMARY KEY, \"key\" varchar(255) NOT NULL, secret varchar(255) NOT NULL,"
        + " max_connections integer NOT NULL, enable_client_messages boolean NOT NULL, \"enabled\" boolean NOT NULL,"
        + " max_backend_events_per_sec integer NOT NULL, max_client_events_per_sec integer NOT NULL,"
        + " max_read_req_per_sec integer NOT NULL, webhooks jsonb, enable_user_authentication boolean NOT NULL)");
    Finished add = appsIn(bools, "add", "--id", "b", "--client-messages", "--webhooks", "[]");
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(bools.row("b")).containsEntry("enable_client_messages", true).containsEntry("enabled", true)
        .containsEntry("enable_user_authentication", false);
  }

  @Test
  void anUnknownOptionExits2WithOneLine() {
    Finished add = apps("add", "--max-conections", "5");
    assertThat(add.exitCode()).isEqualTo(2);
    assertThat(add.stderr()).isEqualTo("tidings apps add: unknown option --max-conections (see: ./tidings apps help)");
  }

  @Test
  void helpPrintsTheUsage() {
    Finished help = apps("help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("Usage: tidings apps <command>", "init", "add", "list", "update", "disable", "enable", "delete");
  }

  @Test
  void anUnreachableDatabaseExits1WithOneLineNamingItAndNoPassword() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(apps.env());
    env.put("SOKETI_DB_POSTGRES_PORT", Integer.toString(deadPort));
    env.put("SOKETI_DB_POSTGRES_PASSWORD", "pw-never-printed");
    Finished list = ServerProcess.run(env, "apps", "list");
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).singleElement().asString()
        .startsWith("tidings apps list: cannot reach PostgreSQL at 127.0.0.1:" + deadPort + " (database " + apps.db().database());
    assertThat(list.stdout() + list.stderr()).doesNotContain("pw-never-printed");
  }
}
