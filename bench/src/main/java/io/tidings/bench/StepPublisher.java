package io.tidings.bench;

/**
 * Publishes one measurement step's stream of numbered, time-stamped messages at a fixed rate, open loop
 * (over HTTP for Pusher servers, over a Socket.IO connection for Socket.IO servers), and says what the
 * server accepted. Each step uses its own connections, so nothing of an earlier step is counted in it.
 *
 * <p>Called by the orchestrating thread; blocks for the step.
 */
public interface StepPublisher extends AutoCloseable {

  /**
   * Publishes stream {@code stream} at {@code messagesPerSecond} in requests of {@code batchSize}
   * messages for {@code durationNanos}, then waits at most {@code drainNanos} for what is still owed.
   */
  OpenLoopPublisher.Result run(int stream, double messagesPerSecond, int batchSize, long durationNanos, long drainNanos);

  @Override
  void close();
}
