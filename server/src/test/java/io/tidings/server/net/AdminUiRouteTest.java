package io.tidings.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin UI's files on the main port, only when it is enabled. */
class AdminUiRouteTest {

  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

  static HttpResponse<String> get(TestServer s, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.httpBase() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void enabledTheUiIsServedAtItsPathBesideTheApi() throws Exception {
    try (TestServer s = TestServer.start(Map.of("SOKETI_ADMIN_UI_ENABLED", "true", "SOKETI_ADMIN_UI_PASSWORD_HASH", CHANGEIT,
        "SOKETI_ADMIN_UI_PATH", "/ops/"))) {
      HttpResponse<String> ui = get(s, "/ops/");
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).contains("<title>Socket.IO Admin UI</title>");
      assertThat(get(s, "/").body()).isEqualTo("OK");
    }
  }

  @Test
  void disabledThePathIsTheApisOwn404() throws Exception {
    try (TestServer s = TestServer.start(Map.of())) {
      assertThat(get(s, "/admin-ui/").statusCode()).isEqualTo(404);
    }
  }
}
