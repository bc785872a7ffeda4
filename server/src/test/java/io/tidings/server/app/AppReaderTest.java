package io.tidings.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** App fields are read under exactly Soketi's spellings. */
class AppReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AppReader reader = new AppReader(AppDefaults.SOKETI);

  private App read(String json) throws Exception {
    return reader.read(JSON.readTree(json));
  }

  @Test
  void camelPascalAndSnakeSpellingsAreRead() throws Exception {
    assertThat(read("{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\",\"maxBackendEventsPerSecond\":5}").maxBackendEventsPerSec()).isEqualTo(5);
    assertThat(read("{\"AppId\":\"a\",\"AppKey\":\"k\",\"AppSecret\":\"s\",\"MaxBackendEventsPerSecond\":6}").maxBackendEventsPerSec()).isEqualTo(6);
    assertThat(read("{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\",\"max_backend_events_per_sec\":7}").maxBackendEventsPerSec()).isEqualTo(7);
  }

  @Test
  void aSpellingSoketiIgnoresIsIgnored() throws Exception {
    assertThat(read("{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\",\"maxBackendEventsPerSec\":5}").maxBackendEventsPerSec()).isEqualTo(-1);
    assertThat(read("{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\",\"MAX_CONNECTIONS\":5}").maxConnections()).isEqualTo(-1);
  }

  @Test
  void theSnakeSpellingWinsWhenSeveralArePresentAsInSoketi() throws Exception {
    assertThat(read("{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\",\"maxConnections\":1,\"max_connections\":2}").maxConnections()).isEqualTo(2);
  }
}
