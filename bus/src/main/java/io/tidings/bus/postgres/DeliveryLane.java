package io.tidings.bus.postgres;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's place in the {@link Delivery}: a FIFO of listener calls, bounded for messages.
 *
 * <p>{@link #offerMessage} refuses a message when {@code messageLimit} messages of this namespace already
 * wait; the drop is counted for the namespace and logged (throttled). {@link #offerControl} always queues:
 * membership changes and request answers are rare, and losing one would make the node forget a peer or a
 * pending request. Both keep their order in the one FIFO.
 *
 * <p><b>Scheduling:</b> {@code pending} counts the tasks queued; the lane is in the delivery's round-robin
 * queue, or being run, exactly while {@code pending > 0}. A task is added before the count is raised, so
 * the thread that sees a count also finds the task; whoever raises it from 0 schedules the lane.
 *
 * <p><b>Threading:</b> any thread may offer; {@link #runOne} is called by the delivery thread only.
 */
final class DeliveryLane {

  private static final Logger log = LoggerFactory.getLogger(DeliveryLane.class);

  private final String namespace;
  private final int messageLimit;
  private final Consumer<DeliveryLane> schedule;
  private final LongAdder dropped;
  private final LongAdder droppedOnBus;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final ThrottledWarning drops;

  /**
   * @param schedule     puts the lane in the round-robin queue
   * @param dropped      this namespace's drop count
   * @param droppedOnBus the bus's total drop count, or null
   */
  DeliveryLane(String namespace, int messageLimit, Consumer<DeliveryLane> schedule, LongAdder dropped, LongAdder droppedOnBus) {
    this(namespace, messageLimit, schedule, dropped, droppedOnBus, io.tidings.bus.BusErrorHandler.NONE);
  }

  /** @param errors where each drop is also reported (the bus's error handler) */
  DeliveryLane(String namespace, int messageLimit, Consumer<DeliveryLane> schedule, LongAdder dropped, LongAdder droppedOnBus,
      io.tidings.bus.BusErrorHandler errors) {
    this.namespace = namespace;
    this.messageLimit = messageLimit;
    this.schedule = schedule;
    this.dropped = dropped;
    this.droppedOnBus = droppedOnBus;
    this.drops = new ThrottledWarning(log, "Dropped received messages on namespace " + namespace + ": its listener is too slow", errors);
  }

  String namespace() {
    return namespace;
  }

  /** Hands over a message delivery; false (counted, logged) when this namespace's listener is too far behind. */
  boolean offerMessage(Runnable delivery) {
    if (queuedMessages.incrementAndGet() > messageLimit) {
      queuedMessages.decrementAndGet();
      dropped.increment();
      if (droppedOnBus != null) droppedOnBus.increment();
      drops.record(1, queuedMessages.get() + " waiting, limit " + messageLimit);
      return false;
    }
    add(() -> {
      queuedMessages.decrementAndGet();
      delivery.run();
    });
    return true;
  }

  /** Hands over a call that must not be dropped. */
  void offerControl(Runnable call) {
    add(call);
  }

  /** Messages waiting now. Any thread. */
  int queuedMessages() {
    return queuedMessages.get();
  }

  /**
   * Runs the oldest task. Delivery thread only, and only while the lane is scheduled.
   *
   * @return true when more tasks wait (the lane stays scheduled), false when it is empty now
   */
  boolean runOne(Consumer<Throwable> onFailure) {
    Runnable task = tasks.poll();
    try {
      if (task != null) task.run();
    } catch (Throwable t) {
      onFailure.accept(t);
    }
    return pending.decrementAndGet() > 0;
  }

  void flushWarnings(boolean closing) {
    if (closing) {
      drops.flushNow();
    } else {
      drops.flush();
    }
  }

  private void add(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      schedule.accept(this);
    }
  }
}
