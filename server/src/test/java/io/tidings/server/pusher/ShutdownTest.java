package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Code 4200 while the server shuts down: live sockets are closed, a new connection is refused, and a
 * subscribe or ping that races the shutdown closes its socket. In-process: the stop runs on another
 * thread while the grace period holds the port open.
 */
class ShutdownTest {

  private static final String CLOSED = "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server closed. Please reconnect shortly.\"}}";

  @Test
  void duringTheGracePeriodLiveSocketsGet4200ANewConnectionIsRefusedAndReadyIsNotOk() throws Exception {
    TestServer server = TestServer.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "1500"));
    Thread stopper = new Thread(server::close, "test-stopper");
    try (RawWebSocket live = RawWebSocket.established(server.wsUrl())) {
      stopper.start();
      assertThat(live.next()).isEqualTo(CLOSED);
      assertThat(live.awaitClose()).isEqualTo(4200);
      try (RawWebSocket late = RawWebSocket.connect(server.wsUrl())) {
        assertThat(late.next()).isEqualTo(
            "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server is closing. Please reconnect shortly.\"}}");
        assertThat(late.awaitClose()).isEqualTo(4200);
      }
      var ready = SignedApi.forDefaultApp(server).raw("GET", "/ready", null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"error\":\"The server is closing. Choose another server. :)\",\"code\":503}");
    } finally {
      stopper.join(10_000);
    }
    assertThat(server.server().stopped()).isTrue();
  }

  @Test
  void aSubscribeThatRacesTheShutdownClosesItsSocketWith4200() {
    try (TestServer server = TestServer.start(Map.of());
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      // The moment between the closing flag and this socket's turn in the shutdown sweep.
      server.server().context().closing().set(true);
      try {
        ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"late\"}}");
        assertThat(ws.next()).isEqualTo(CLOSED);
        assertThat(ws.awaitClose()).isEqualTo(4200);
      } finally {
        server.server().context().closing().set(false);
      }
    }
  }

  @Test
  void aPingThatRacesTheShutdownIsAnsweredThenTheSocketClosesWith4200() {
    try (TestServer server = TestServer.start(Map.of());
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      server.server().context().closing().set(true);
      try {
        ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
        assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        assertThat(ws.next()).isEqualTo(CLOSED);
        assertThat(ws.awaitClose()).isEqualTo(4200);
      } finally {
        server.server().context().closing().set(false);
      }
    }
  }

  @Test
  void readyAnswers500InTheBodyWithHttp200UnderTheCompatibilitySwitch() throws Exception {
    TestServer server = TestServer.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "1000", "SOKETI_COMPAT_HTTP_200_ERRORS", "true"));
    Thread stopper = new Thread(server::close, "test-stopper");
    stopper.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.server().context().isClosing());
      var ready = SignedApi.forDefaultApp(server).raw("GET", "/ready", null);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"error\":\"The server is closing. Choose another server. :)\",\"code\":500}");
    } finally {
      stopper.join(10_000);
    }
  }
}
