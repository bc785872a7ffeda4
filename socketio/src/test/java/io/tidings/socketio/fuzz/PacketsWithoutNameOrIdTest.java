package io.tidings.socketio.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import io.tidings.transport.TransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Found by {@link ServerFuzzTest}: an EVENT without a payload ({@code 42}) and an ACK without an id
 * ({@code 43[]}) are valid to the parser, as to Node's, and Node drops them; the server drops them too,
 * counts them, and goes on, instead of throwing (which the engine caught and logged with a stack trace, once
 * per packet). An ACK with an id but no payload is an acknowledgement without arguments.
 */
class PacketsWithoutNameOrIdTest {

  @Test
  void anEventWithoutPayloadAndAnAckWithoutIdAreDroppedAndCountedAndTheConnectionGoesOn() throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger("io.tidings")).addAppender(logged);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<String> acked = new CopyOnWriteArrayList<>();
    try (SocketIoServer server = SocketIoServer.newBuilder().meterRegistry(meters).build()) {
      server.on("connection", (Socket s) -> {
        s.on("m", (args, ack) -> ack.send());
        s.on("ask", (args, ack) -> s.emitWithAck("question").thenAccept(a -> acked.add("answered with " + a.size())));
      });
      int port = server.listen(TransportOptions.newBuilder().host("127.0.0.1").port(0).build());
      try (RawWebSocket ws = RawWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket")) {
        assertThat(ws.read().text()).startsWith("0{");
        ws.text("40");
        ws.flush();
        assertThat(ws.read().text()).startsWith("40{");

        ws.text("42");
        ws.text("43[]");
        ws.text("421[\"m\"]");
        ws.flush();
        assertThat(ws.read().text()).isEqualTo("431[]");

        ws.text("42[\"ask\"]");
        ws.flush();
        String question = ws.read().text();
        assertThat(question).matches("42\\d+\\[\"question\"\\]");
        ws.text("43" + question.substring(2, question.indexOf('[')));
        ws.text("422[\"m\"]");
        ws.flush();
        assertThat(ws.read().text()).isEqualTo("432[]");
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !acked.isEmpty());
      assertThat(acked).containsExactly("answered with 0");
      assertThat(server.metrics().droppedCount("event without name")).isEqualTo(1);
      assertThat(server.metrics().droppedCount("ack without id")).isEqualTo(1);
    } finally {
      ((Logger) LoggerFactory.getLogger("io.tidings")).detachAppender(logged);
    }
    assertThat(logged.list).noneMatch(e -> e.getThrowableProxy() != null);
  }
}
