package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starting a bus: settings are checked, an unreachable database is reported clearly, the table is made. */
@Tag("postgres")
class PostgresBusStartTest {

  @Test
  void startFailsWithAMessageNamingTheDatabaseWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    PostgresBusConfig config = PostgresBusConfig.builder().host("127.0.0.1").port(port).database("nowhere")
        .connectTimeout(Duration.ofSeconds(2)).build();

    assertThatThrownBy(() -> PostgresBus.start(config).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageStartingWith("Cannot start the PostgreSQL bus on postgres@127.0.0.1:" + port + "/nowhere: ");
  }

  @Test
  void startCreatesTheAttachmentTableWhenItIsMissing() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (TestBuses buses = new TestBuses()) {
      buses.start(TestBuses.config(db).attachmentTable("public.my_attachments").build());

      TestPostgres.execute(db, "INSERT INTO my_attachments (payload) VALUES ('\\x00')");
    }
  }

  @Test
  void invalidSettingsAreAllNamedAtOnce() {
    assertThatThrownBy(() -> PostgresBusConfig.builder().database("d").port(0).payloadThreshold(8_001)
        .heartbeatInterval(Duration.ofSeconds(10)).heartbeatTimeout(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port")
        .hasMessageContaining("payloadThreshold")
        .hasMessageContaining("heartbeatTimeout");
  }

  @Test
  void anAttachmentTableNameThatIsNotAnIdentifierIsRefused() {
    for (String bad : new String[] {"x; DROP TABLE y", "\"quoted\"", "a.b.c", "", "1abc", "tbl--"}) {
      assertThatThrownBy(() -> PostgresBusConfig.builder().database("d").attachmentTable(bad).build())
          .as(bad).hasMessageContaining("attachmentTable");
    }
    assertThat(PostgresBusConfig.builder().database("d").attachmentTable("my_schema.Tbl$1").build().attachmentTable())
        .isEqualTo("my_schema.Tbl$1");
  }

  @Test
  void thePasswordNeverAppearsInTheSettingsText() {
    PostgresBusConfig config = PostgresBusConfig.builder().database("d").password("s3cret").build();

    assertThat(config.toString()).doesNotContain("s3cret").contains("****");
  }
}
