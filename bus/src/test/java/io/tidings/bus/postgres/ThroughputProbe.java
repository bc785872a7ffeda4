package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway measurement, not a test (surefire does not run it): bus A publishes {@code N} messages of
 * about 100 bytes as fast as it can, bus B counts them; prints messages per second from the first publish
 * to the last arrival at B, and A's average batch size, and the bytes A's replay ring holds at the end.
 * Run with the test classpath:
 * {@code java -cp … io.tidings.bus.postgres.ThroughputProbe [messages] [rounds] [replayWindowMillis]}
 * (the window defaults to the bus default; 0 turns replay off, to measure its cost). Uses the embedded
 * PostgreSQL, or {@code TIDINGS_TEST_DATABASE_URL}.
 */
public final class ThroughputProbe {

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    java.time.Duration window = args.length > 2 ? java.time.Duration.ofMillis(Long.parseLong(args[2]))
        : PostgresBusConfig.DEFAULT_REPLAY_WINDOW;
    PgTarget db = TestPostgres.newDatabase();
    PostgresBusConfig config = TestBuses.config(db).outgoingQueueLimit(messages + 1_000).deliveryQueueLimit(messages + 1_000)
        .replayWindow(window).build();
    PostgresBus a = PostgresBus.start(config).get();
    PostgresBus b = PostgresBus.start(config).get();
    String padding = "p".repeat(60);
    for (int round = 1; round <= rounds; round++) {
      String nsp = "/probe" + round;
      CountDownLatch all = new CountDownLatch(messages);
      AtomicLong received = new AtomicLong();
      b.join(nsp, new BusListener() {
        @Override
        public void onMessage(BusMessage m) {
          if (!m.fromSelf() && m.type() == MessageType.BROADCAST) {
            received.incrementAndGet();
            all.countDown();
          }
        }
      });
      BusNamespace na = a.join(nsp, m -> {});
      while (!na.peers().contains(b.uid())) Thread.sleep(10);
      long published0 = a.stats().publishedMessages();
      long statements0 = a.stats().publishStatements();
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        na.publish(MessageType.BROADCAST, JsonNodeFactory.instance.objectNode().put("i", i).put("pad", padding));
      }
      boolean done = all.await(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      long statements = a.stats().publishStatements() - statements0;
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("round %d (replay window %d ms): %d of %d messages at B in %.2f s = %.0f msg/s; %d statements,"
              + " %.1f messages per statement; dropped %d, missed %d; A's replay ring %d KB; heap used after GC %d MB%s%n",
          round, window.toMillis(), received.get(), messages, seconds, received.get() / seconds, statements,
          (a.stats().publishedMessages() - published0) / (double) Math.max(1, statements),
          a.stats().droppedMessages() + b.stats().droppedDeliveries(), b.stats().missedMessages(),
          a.stats().replayRingBytes() / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20, done ? "" : " (TIMED OUT)");
    }
    a.shutdown().get();
    b.shutdown().get();
    System.exit(0);
  }
}
