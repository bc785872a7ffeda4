package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order {@link HandlerQueue} runs a socket's tasks in, on a real event loop and on an executor. */
class HandlerQueueTest {

  private final EventLoop loop = new DefaultEventLoop();
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    executor.shutdownNow();
  }

  @Test
  void onTheLoopATaskRunsInlineWhenNothingWaits() throws Exception {
    HandlerQueue queue = new HandlerQueue(null, loop);
    loop.submit(() -> {
      queue.run(() -> ran.add("task"));
      ran.add("after run()");
    }).get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("task", "after run()");
  }

  @Test
  void aLaterTaskIsNeverInlineAndWhatComesAfterItWaitsForIt() throws Exception {
    HandlerQueue queue = new HandlerQueue(null, loop);
    loop.submit(() -> {
      queue.runLater(() -> ran.add("later"));
      queue.run(() -> ran.add("next"));
      ran.add("caller done");
    }).get(5, TimeUnit.SECONDS);
    Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ran.size() == 3);
    assertThat(ran).containsExactly("caller done", "later", "next");
  }

  @Test
  void whatAnInlineTaskGivesRunsAfterItInOrder() throws Exception {
    HandlerQueue queue = new HandlerQueue(null, loop);
    loop.submit(() -> queue.run(() -> {
      queue.run(() -> ran.add("given second"));
      queue.run(() -> ran.add("given third"));
      ran.add("first");
    })).get(5, TimeUnit.SECONDS);
    Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ran.size() == 3);
    assertThat(ran).containsExactly("first", "given second", "given third");
  }

  @Test
  void onAnExecutorTasksRunOneAtATimeInOrder() {
    HandlerQueue queue = new HandlerQueue(executor, loop);
    AtomicInteger running = new AtomicInteger();
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Integer> overlaps = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      queue.run(() -> {
        if (running.incrementAndGet() > 1) overlaps.add(n);
        order.add(n);
        Thread.onSpinWait();
        running.decrementAndGet();
      });
    }
    Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> order.size() == 200);
    assertThat(overlaps).isEmpty();
    assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList());
  }
}
