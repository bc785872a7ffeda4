package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery thread and its lanes, without a database: bounds, order, fairness, control calls, stop. */
class DeliveryTest {

  private final BusCounters counters = new BusCounters();
  private final Delivery delivery = new Delivery("delivery-test", 3, counters);
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() throws Exception {
    delivery.stop().get(10, TimeUnit.SECONDS);
  }

  /** Holds the delivery thread in a task of {@code lane} until the returned latch is counted down. */
  private CountDownLatch block(DeliveryLane lane) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    lane.offerControl(() -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  /** Waits until each of {@code lanes} ran what it holds now. */
  private static void awaitIdle(DeliveryLane... lanes) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(lanes.length);
    for (DeliveryLane lane : lanes) lane.offerControl(done::countDown);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFloodedLaneDropsItsOwnMessagesOnlyAndCountsThemUnderItsNamespace() throws Exception {
    DeliveryLane x = delivery.lane("/x");
    DeliveryLane y = delivery.lane("/y");
    CountDownLatch release = block(x);

    for (int i = 0; i < 10; i++) x.offerMessage(() -> ran.add("x"));
    boolean yQueued = true;
    for (int i = 0; i < 3; i++) yQueued &= y.offerMessage(() -> ran.add("y"));
    release.countDown();
    awaitIdle(x, y);

    assertThat(yQueued).isTrue();
    assertThat(ran.stream().filter("y"::equals).count()).isEqualTo(3);
    assertThat(ran.stream().filter("x"::equals).count()).isEqualTo(3);
    assertThat(delivery.droppedByNamespace()).containsEntry("/x", 7L).containsEntry("/y", 0L);
    assertThat(counters.droppedDeliveries()).isEqualTo(7);
  }

  @Test
  void controlCallsAreNeverDroppedAndKeepTheirPlaceAmongMessages() throws Exception {
    DeliveryLane x = delivery.lane("/x");
    CountDownLatch release = block(x);

    for (int i = 0; i < 5; i++) {
      int n = i;
      x.offerMessage(() -> ran.add("m" + n));
      x.offerControl(() -> ran.add("c" + n));
    }
    release.countDown();
    awaitIdle(x);

    assertThat(ran).containsExactly("m0", "c0", "m1", "c1", "m2", "c2", "c3", "c4");
  }

  @Test
  void busyLanesTakeTurnsSoThatNoneWaitsBehindAnotherLanesWholeBacklog() throws Exception {
    Delivery roomy = new Delivery("delivery-test-roomy", 1_000, new BusCounters());
    try {
      DeliveryLane x = roomy.lane("/x");
      DeliveryLane y = roomy.lane("/y");
      CountDownLatch hold = new CountDownLatch(1);
      x.offerControl(() -> {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      for (int i = 0; i < 100; i++) x.offerMessage(() -> ran.add("x"));
      y.offerMessage(() -> ran.add("y"));
      CountDownLatch done = new CountDownLatch(1);
      x.offerControl(done::countDown);
      hold.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(ran.indexOf("y")).isLessThanOrEqualTo(Delivery.QUANTUM);
    } finally {
      roomy.stop().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aThrowingListenerCallDoesNotStopTheLane() throws Exception {
    DeliveryLane x = delivery.lane("/x");
    x.offerMessage(() -> {
      throw new IllegalStateException("listener bug");
    });
    x.offerMessage(() -> ran.add("after"));
    awaitIdle(x);

    assertThat(ran).containsExactly("after");
  }

  @Test
  void stopRunsWhatEveryLaneHolds() throws Exception {
    Delivery d = new Delivery("delivery-test-stop", 100, new BusCounters());
    DeliveryLane x = d.lane("/x");
    DeliveryLane y = d.lane("/y");
    CountDownLatch hold = new CountDownLatch(1);
    x.offerControl(() -> {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < 20; i++) {
      x.offerMessage(() -> ran.add("x"));
      y.offerMessage(() -> ran.add("y"));
    }
    var stopped = d.stop();
    hold.countDown();
    stopped.get(10, TimeUnit.SECONDS);

    assertThat(ran).hasSize(40);
    assertThat(d.droppedByNamespace()).isEqualTo(Map.of("/x", 0L, "/y", 0L));
  }
}
