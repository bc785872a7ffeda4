package io.tidings.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.transport.support.EchoProtocol;
import io.tidings.testing.http.RawHttp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests a handler holds and answers later, from another thread (long-polling's case), with a request
 * deadline of 300 ms.
 */
class RequestRoutingTest {

  static EchoProtocol echo;

  @BeforeAll
  static void start() {
    echo = EchoProtocol.start(TransportOptions.newBuilder().requestTimeoutMillis(300));
  }

  @AfterAll
  static void stop() {
    echo.close();
  }

  @Test
  void aHandlerMayAnswerFromAnotherThreadLongAfterTheRequestDeadline() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("GET /later?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("late");
      // The connection lives on for the next request.
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnext");
      assertThat(http.response().text()).isEqualTo("next");
    }
  }

  @Test
  void requestsPipelinedBehindAHeldOneAreAnsweredInOrder() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("GET /later?ms=800 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthird");
      assertThat(http.response().text()).isEqualTo("late");
      assertThat(http.response().text()).isEqualTo("second");
      assertThat(http.response().text()).isEqualTo("third");
    }
  }

  @Test
  void aHeldRequestIsToldWhenItsClientGoesAway() throws Exception {
    int before = echo.abandoned.get();
    int heldBefore = echo.held.get();
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("GET /later?ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> echo.held.get() > heldBefore);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.abandoned.get() == before + 1);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTwiceTheDeadline() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
      assertThat(http.response().text()).isEqualTo("hi");
      assertThat(http.closedByServer()).isTrue();
    }
  }
}
