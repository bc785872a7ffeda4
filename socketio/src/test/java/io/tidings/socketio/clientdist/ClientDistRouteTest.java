package io.tidings.socketio.clientdist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.socketio.engine.EngineListener;
import io.tidings.socketio.engine.EngineOptions;
import io.tidings.socketio.engine.EngineServer;
import io.tidings.socketio.engine.EngineSocket;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client files over a real port, beside an engine at {@code /socket.io/}, answered as Node's socket.io
 * 4.8.4 answers them ({@code serve()} in its {@code index.ts}): the headers, the ETag and its 304, the
 * codings, and what is not a client path going to the engine.
 */
class ClientDistRouteTest {

  private static final String VERSION = "4.8.4";

  private static TransportServer transport;
  private static EngineServer engine;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    transport = new TransportServer(TransportOptions.newBuilder().host("127.0.0.1").port(0).eventLoopThreads(1).build());
    engine = new EngineServer(EngineOptions.DEFAULT, transport.loops(), new EngineListener() {
      @Override
      public void onConnection(EngineSocket socket) {
        socket.setListener(new EngineSocket.Listener() {
          @Override public void onText(String data) {}
          @Override public void onBinary(byte[] data) {}
          @Override public void onClose(String reason, String description) {}
        });
      }
    });
    Routes.Builder routes = Routes.newBuilder();
    engine.mount(routes);
    ClientDist.load().mount(routes, "/socket.io");
    transport.bind(routes.build(), null);
  }

  @AfterAll
  static void stop() {
    engine.close().join();
    transport.close();
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + path));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ClientDist.class.getResourceAsStream("files/" + name)) {
      return in.readAllBytes();
    }
  }

  static Iterable<String> files() {
    return ClientDist.FILES;
  }

  @ParameterizedTest
  @MethodSource("files")
  void eachFileIsServedWithNodesHeaders(String name) throws Exception {
    HttpResponse<byte[]> r = get("/socket.io/" + name);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
    assertThat(r.headers().firstValue("Content-Type")).hasValue(name.endsWith(".map")
        ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8");
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + VERSION + "\"");
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.body()).isEqualTo(resource(name));
  }

  @Test
  void theFilesAreSocketIoClient484() throws Exception {
    assertThat(ClientDist.load().version()).isEqualTo(VERSION);
    String script = new String(get("/socket.io/socket.io.js").body(), StandardCharsets.UTF_8);
    assertThat(script).startsWith("/*!\n * Socket.IO v" + VERSION);
    assertThat(script.length()).isGreaterThan(100_000);
    String map = new String(get("/socket.io/socket.io.min.js.map").body(), StandardCharsets.UTF_8);
    assertThat(map).startsWith("{\"version\":3,");
  }

  @Test
  void theVersionsEtagStrongOrWeakGetsA304WithoutBody() throws Exception {
    for (String etag : new String[] {"\"4.8.4\"", "W/\"4.8.4\""}) {
      HttpResponse<byte[]> r = get("/socket.io/socket.io.min.js", "If-None-Match", etag);
      assertThat(r.statusCode()).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("ETag")).isEmpty();
    }
  }

  @Test
  void anotherEtagGetsTheFile() throws Exception {
    HttpResponse<byte[]> r = get("/socket.io/socket.io.min.js", "If-None-Match", "\"4.8.3\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(resource("socket.io.min.js"));
  }

  @Test
  void aBrowserGetsGzipAndDeflateFirstGetsDeflate() throws Exception {
    HttpResponse<byte[]> gzip = get("/socket.io/socket.io.js", "Accept-Encoding", "gzip, deflate, br, zstd");
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzip.body().length).isLessThan(resource("socket.io.js").length / 2);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes()).isEqualTo(resource("socket.io.js"));

    HttpResponse<byte[]> deflate = get("/socket.io/socket.io.js", "Accept-Encoding", "deflate, gzip");
    assertThat(deflate.headers().firstValue("Content-Encoding")).hasValue("deflate");
    assertThat(new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes())
        .isEqualTo(resource("socket.io.js"));
  }

  @Test
  void brotliAloneGetsTheFileAsIs() throws Exception {
    HttpResponse<byte[]> r = get("/socket.io/socket.io.esm.min.js", "Accept-Encoding", "br");
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.body()).isEqualTo(resource("socket.io.esm.min.js"));
  }

  @Test
  void theQueryIsIgnored() throws Exception {
    HttpResponse<byte[]> r = get("/socket.io/socket.io.msgpack.min.js?v=123");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(resource("socket.io.msgpack.min.js"));
  }

  @Test
  void headGetsTheHeadersAlone() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + transport.port() + "/socket.io/socket.io.min.js"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + VERSION + "\"");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(resource("socket.io.min.js").length);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void pathsThatAreNotClientFilesGoToTheEngine() throws Exception {
    for (String path : new String[] {"/socket.io/socket.io.js/more", "/socket.io/socket.io.msgpack.js",
        "/socket.io/socket.io.jsx"}) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path)
          .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    }
  }

  @Test
  void theEngineStillAnswersBesideTheFiles() throws Exception {
    HttpResponse<byte[]> r = get("/socket.io/?EIO=4&transport=polling");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("0{\"sid\":");
  }
}
