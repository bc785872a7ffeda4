package io.tidings.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UI's files as the build fetched them (the npm tarball, unpacked in {@code target/admin-ui-package}),
 * served over a real transport at {@code /admin-ui/}.
 */
class AdminUiFilesTest {

  static final Path DIST = Path.of("target/admin-ui-package/package/ui/dist");

  static TransportServer server;
  static HttpClient http;

  @BeforeAll
  static void start() {
    AdminUiFiles files = AdminUiFiles.at("/admin-ui");
    server = new TransportServer(TransportOptions.newBuilder().host("127.0.0.1").port(0).build());
    server.bind(Routes.newBuilder()
        .http(files.routePrefix(), files)
        .build(), null);
    http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theMountPathServesTheIndexPageOfTheFetchedPackageByteForByte() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/admin-ui/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(r.body()).isEqualTo(Files.readAllBytes(DIST.resolve("index.html")));
    assertThat(new String(r.body())).contains("<title>Socket.IO Admin UI</title>");
  }

  @Test
  void theScriptsTheIndexPageNamesAreServedWithTheirType() throws Exception {
    String index = new String(send("GET", "/admin-ui/").body());
    Matcher scripts = Pattern.compile("<script src=\"(js/[^\"]+)\"").matcher(index);
    int found = 0;
    while (scripts.find()) {
      found++;
      HttpResponse<byte[]> js = send("GET", "/admin-ui/" + scripts.group(1));
      assertThat(js.statusCode()).isEqualTo(200);
      assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
      assertThat(js.body()).isEqualTo(Files.readAllBytes(DIST.resolve(scripts.group(1))));
    }
    assertThat(found).isEqualTo(2);
  }

  @Test
  void theBarePathRedirectsToTheMountPathKeepingTheQuery() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/admin-ui?x=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("location")).hasValue("/admin-ui/?x=1");
  }

  @Test
  void headAnswersTheLengthWithoutABody() throws Exception {
    HttpResponse<byte[]> r = send("HEAD", "/admin-ui/favicon.png");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
    assertThat(r.headers().firstValueAsLong("content-length")).hasValue(Files.size(DIST.resolve("favicon.png")));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void otherMethodsAre405() throws Exception {
    HttpResponse<byte[]> r = send("POST", "/admin-ui/index.html");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void namesOutsideTheUiAndMissingFilesAre404() throws Exception {
    assertThat(send("GET", "/admin-ui/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/admin-ui/js/%2e%2e/index.html").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/admin-ui/nothing.js").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/admin-ui/js/app.js.map").statusCode()).isEqualTo(404);
  }

  @Test
  void aPathThatOnlySharesThePrefixIsNotTheUi() throws Exception {
    assertThat(send("GET", "/admin-uix/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void theUiIsAvailableWhenTheBuildFetchedIt() {
    assertThat(AdminUiFiles.at("/").available()).isTrue();
  }
}
