package io.tidings.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.transport.TransportOptions;
import io.tidings.transport.support.EchoProtocol;
import io.tidings.testing.http.RawHttp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP guards, each answering with the protocol's error body (here Engine.IO's
 * {@code {"code":…,"message":…}}): a 500 ms request deadline, a 1000-byte body limit and a 1500-byte
 * budget for the whole node.
 */
class HttpGuardsTest {

  static EchoProtocol echo;

  @BeforeAll
  static void start() {
    echo = EchoProtocol.start(TransportOptions.newBuilder().requestTimeoutMillis(500).maxRequestBodyBytes(1000)
        .bodyBudgetBytes(1500));
  }

  @AfterAll
  static void stop() {
    echo.close();
  }

  static String body(int status, String message) {
    return "{\"code\":" + status + ",\"message\":\"" + message + "\"}";
  }

  @Test
  void headersThatTrickleInGetTheProtocols408() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.text()).isEqualTo(body(408, "The request took too long to arrive."));
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyThatNeverFinishesGetsTheProtocols408() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.text()).isEqualTo(body(408, "The request took too long to arrive."));
    }
  }

  @Test
  void aBodyOverTheLimitGetsTheProtocols413AndTheConnectionEnds() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1200\r\n\r\n" + "b".repeat(1200));
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo(body(413, "The payload size is too big."));
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyLargerThanTheNodesWholeBudgetGets413AtOnce() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo(body(413, "The payload size is too big."));
    }
  }

  @Test
  void bodiesThatDoNotFitTheBudgetTogetherGet503WithRetryAfter() throws Exception {
    try (RawHttp first = new RawHttp(echo.port(), 10_000); RawHttp second = new RawHttp(echo.port(), 10_000)) {
      String head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n";
      first.send(head + "1".repeat(800));
      second.send(head + "2".repeat(800)); // 1600 bytes held at once, over the 1500 budget
      await().atMost(Duration.ofSeconds(5)).until(() -> first.hasData() || second.hasData());
      RawHttp refused = first.hasData() ? first : second;
      RawHttp served = refused == first ? second : first;
      RawHttp.Response r = refused.response();
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("1");
      assertThat(r.text()).isEqualTo(body(503, "The server is busy receiving other large requests. Retry shortly."));
      served.send("3".repeat(100));
      RawHttp.Response ok = served.response();
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.text()).hasSize(900);
    }
  }

  @Test
  void aRequestLineTooLongGetsTheProtocols414() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.status()).isEqualTo(414);
    assertThat(r.text()).isEqualTo(body(414, "The request could not be parsed."));
  }

  @Test
  void headersTooLargeGetTheProtocols431() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /echo HTTP/1.1\r\nHost: x\r\nX-Flood: " + "h".repeat(20_000) + "\r\n\r\n");
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.text()).isEqualTo(body(431, "The request could not be parsed."));
  }

  @Test
  void garbageGetsTheProtocols400() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "\u0001\u0002 nonsense\r\n\r\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo(body(400, "The request could not be parsed."));
  }

  @Test
  void aRequestNoRouteTakesGetsTheProtocols404() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo(body(404, "Not found."));
  }

  @Test
  void aHandlerThatThrowsGetsTheProtocols500AndTheConnectionCloses() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.text()).isEqualTo(body(500, "The request could not be handled."));
      assertThat(http.closedByServer()).isTrue();
    }
  }
}
