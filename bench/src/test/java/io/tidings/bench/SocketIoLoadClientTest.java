package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.bench.targets.SocketIoBenchServer;
import io.tidings.socketio.SocketIoServer;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's Socket.IO load client (Engine.IO v4 over raw WebSockets) against the Tidings bench target in
 * this JVM, over real sockets: a published stream reaches every subscriber once and in order, and each
 * ack request gets its own answer.
 */
class SocketIoLoadClientTest {

  private SocketIoServer server;
  private LoadClient client;

  @BeforeEach
  void start() {
    server = SocketIoBenchServer.start(0);
    client = new LoadClient(1);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aPublishedStreamReachesEverySubscriberOnceAndInOrderButNotThePublisher() {
    try (SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", server.port(), SubscriberProtocol.socketIo(), 10);
         SocketIoPublisher publisher = new SocketIoPublisher(client, "127.0.0.1", server.port())) {
      pool.open(10, 30);
      Recording r = new Recording(7, client.loopCount());
      pool.measure(r);
      OpenLoopPublisher.Result published = publisher.run(7, 200, 1, TimeUnit.MILLISECONDS.toNanos(500),
          TimeUnit.SECONDS.toNanos(5));
      assertThat(published.requests()).isEqualTo(100);
      assertThat(published.acceptedMessages()).isEqualTo(100);
      assertThat(published.clean()).isTrue();
      pool.awaitQuiet(null, TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(10));
      pool.measure(null);
      Tally t = pool.tally(r, published.acceptedMessages(), null);
      assertThat(t).isEqualTo(new Tally(1000, 1000, 0, 0, 0));
      assertThat(r.merged().getTotalCount()).isEqualTo(1000);
    }
  }

  @Test
  void everyAckRequestGetsItsOwnAnswer() {
    AckClients acks = new AckClients(client);
    try (SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", server.port(), acks::newConnection, 10)) {
      pool.open(5, 30);
      acks.record();
      acks.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline && acks.answered() < 200) SubscriberPool.sleepMillis(20);
      long[] counts = new long[2];
      Histogram h = acks.stop(counts);
      assertThat(counts[0]).isGreaterThanOrEqualTo(200);
      assertThat(h.getTotalCount()).isEqualTo(counts[0]);
      assertThat(counts[1]).as("answers to another request").isZero();
    }
  }
}
