package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a handler executor, handlers run off the event loop, in order per socket: a handler that blocks
 * longer than {@code pingInterval + pingTimeout} does not cost its client the connection (the loop keeps
 * answering the heartbeat), the socket's next event waits for it, and another client is not held up.
 */
class HandlerExecutorTest {

  private ExecutorService executor;
  private SocketIoServer io;
  private int port;
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() {
    executor = Executors.newCachedThreadPool();
    io = SocketIoServer.newBuilder().pingInterval(Duration.ofMillis(250)).pingTimeout(Duration.ofMillis(1000))
        .handlerExecutor(executor).build();
    io.on("connection", socket -> {
      String name = socket.handshake().auth().path("name").asText();
      socket.on("slow", (args, ack) -> {
        order.add(name + " slow start");
        try {
          // held well past pingInterval + pingTimeout (1.25 s): the heartbeat must go on meanwhile
          Thread.sleep(2_000);
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        socket.join("after-slow");
        order.add(name + " slow end");
        ack.send("done");
      });
      socket.on("fast", (args, ack) -> {
        order.add(name + " fast");
        ack.send("quick");
      });
      socket.on("disconnect", (args, ack) -> order.add(name + " disconnect " + args.getString(0)));
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
    executor.shutdownNow();
  }

  @Test
  void aSlowHandlerKeepsItsConnectionAndOrderAndHoldsUpNobodyElse() {
    try (SocketIoClient a = SocketIoClient.to(port).auth(Map.of("name", "a")).connect();
         SocketIoClient b = SocketIoClient.to(port).auth(Map.of("name", "b")).connect()) {
      a.await("connect");
      b.await("connect");
      List<String> acks = new CopyOnWriteArrayList<>();
      a.socket.emit("slow", (io.socket.client.Ack) args -> acks.add("slow " + args[0]));
      a.socket.emit("fast", (io.socket.client.Ack) args -> acks.add("fast " + args[0]));
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> order.contains("a slow start"));

      assertThat(b.emitWithAck("fast")).isEqualTo("[\"quick\"]");
      release.countDown();

      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> acks.size() == 2);
      assertThat(acks).containsExactly("slow done", "fast quick");
      assertThat(order).containsSubsequence("a slow start", "b fast", "a slow end", "a fast");
      assertThat(order).noneMatch(line -> line.contains("disconnect"));
      assertThat(a.heard).noneMatch(line -> line.startsWith("disconnect"));
      assertThat(io.sockets().adapter().sockets(java.util.Set.of("after-slow"))).hasSize(1);
    }
  }
}
