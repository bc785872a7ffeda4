package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client connects to the main namespace, emits, is acknowledged and hears the server's emit, over each transport. */
class EchoTest {

  private SocketIoServer io;
  private int port;

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> {
      socket.emit("welcome", socket.id());
      socket.on("echo", (args, ack) -> {
        socket.emit("echo", args.get(0), args.get(1));
        ack.send(args.get(0), "acked");
      });
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"polling", "websocket"})
  void aClientEmitsIsAcknowledgedAndHearsTheEcho(String transport) {
    try (SocketIoClient client = SocketIoClient.to(port).transport(transport).connect("welcome", "echo")) {
      client.await("connect");
      assertThat(client.await("welcome")).isEqualTo("welcome [\"" + client.socket.id() + "\"]");

      assertThat(client.emitWithAck("echo", "héllo", 42)).isEqualTo("[\"héllo\",\"acked\"]");
      assertThat(client.await("echo")).isEqualTo("echo [\"héllo\",42]");
    }
  }
}
