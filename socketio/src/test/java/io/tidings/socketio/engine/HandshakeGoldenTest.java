package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answers to handshakes and to refused requests, byte for byte as Node's engine.io 6.6.13 gave them
 * to the same requests (captured from a Node 20 server with default options; Node's {@code Date},
 * {@code Connection: keep-alive} and {@code Keep-Alive} lines and its chunked framing of error bodies are
 * the only differences: Tidings sends {@code Content-Length}).
 */
class HandshakeGoldenTest {

  private static EngineTestServer server;
  private static int port;

  @BeforeAll
  static void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Response get(String query) throws IOException {
    return RawHttp.exchange(port, RawHttp.get("/engine.io/?" + query));
  }

  @Test
  void aPollingHandshakeIsAnsweredWithTheOpenPacket() throws IOException {
    RawHttp.Response r = get("EIO=4&transport=polling");

    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(r.headerLines()).containsExactly(
        "Content-Type: text/plain; charset=UTF-8", "Content-Length: 118", "cache-control: no-store");
    assertThat(r.text()).matches(
        "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
  }

  @Test
  void eachRefusedPollingRequestGetsNodesCodeAndMessage() throws IOException {
    assertError(get("EIO=3&transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    assertError(get("transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    assertError(get("EIO=4"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
    assertError(get("EIO=4&transport=abc"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
    assertError(get("EIO=4&transport=polling&sid=abc"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
    assertError(RawHttp.exchange(port, RawHttp.post("/engine.io/?EIO=4&transport=polling", "")), 400,
        "{\"code\":2,\"message\":\"Bad handshake method\"}");
    assertError(RawHttp.exchange(port, "OPTIONS /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
        "{\"code\":2,\"message\":\"Bad handshake method\"}");
    assertError(get("EIO=4&transport=websocket"), 400, "{\"code\":3,\"message\":\"Bad request\"}");
  }

  @Test
  void aRequestOfASessionWithTheWrongTransportOrProtocolIsABadRequest() throws IOException {
    String sid = new Polling(port).handshake();

    assertError(get("EIO=4&transport=websocket&sid=" + sid), 400, "{\"code\":3,\"message\":\"Bad request\"}");
    assertError(get("EIO=3&transport=polling&sid=" + sid), 400, "{\"code\":3,\"message\":\"Bad request\"}");
    assertError(get("transport=polling&sid=" + sid), 400, "{\"code\":3,\"message\":\"Bad request\"}");
  }

  @Test
  void anOriginWithAControlCharacterIsABadRequest() throws IOException {
    // Netty's decoder refuses such a header before the engine's own check (Node's checkInvalidHeaderChar)
    // sees it: the same status and code, the transport's message.
    RawHttp.Response r = RawHttp.exchange(port, RawHttp.get("/engine.io/?EIO=4&transport=polling", "Origin: http://a\u007fb\r\n"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"The request could not be parsed.\"}");
  }

  @Test
  void aMethodPollingDoesNotTakeGetsABare500AndTheSessionLivesOn() throws IOException {
    Polling polling = new Polling(port);
    String sid = polling.handshake();

    RawHttp.Response r = RawHttp.exchange(port,
        "PUT " + polling.query(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
    assertThat(r.headerLinesWithout("content-length")).isEmpty();
    assertThat(r.body()).isEmpty();
    assertThat(polling.post(sid, "4still here").status()).isEqualTo(200);
  }

  @Test
  void aRefusedUpgradeGetsAbortUpgradesBytesAndTheConnectionCloses() throws IOException {
    assertUpgradeRefused("EIO=4&transport=bogus", "Transport unknown");
    assertUpgradeRefused("EIO=4", "Transport unknown");
    assertUpgradeRefused("EIO=4&transport=websocket&sid=nope", "Session ID unknown");
    // Node sends this one after the 101, into the upgraded stream; here it comes instead of the handshake.
    assertUpgradeRefused("EIO=3&transport=websocket", "Unsupported protocol version");
  }

  private static void assertUpgradeRefused(String query, String message) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(RawHttp.upgrade("/engine.io/?" + query));
      RawHttp.Response r = http.response();

      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
      // Node writes "Connection: close" first; Netty's keep-alive handler moves it last, in lower case.
      assertThat(r.headerLinesWithout("connection")).containsExactly("Content-type: text/html",
          "Content-Length: " + message.getBytes(StandardCharsets.UTF_8).length);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(r.text()).isEqualTo(message);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  private static void assertError(RawHttp.Response r, int status, String body) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.headerLines()).isEqualTo(List.of("Content-Type: application/json", "Content-Length: " + body.length()));
    assertThat(r.text()).isEqualTo(body);
  }
}
