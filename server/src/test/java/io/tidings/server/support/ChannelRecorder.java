package io.tidings.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.client.channel.PrivateEncryptedChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pusher-java-client listener for public, private and encrypted channels that records what the SDK
 * reports (events, subscription success, authentication and decryption failures) for assertions.
 * Callbacks come on the SDK's event thread; the queues are thread-safe.
 */
public final class ChannelRecorder implements PrivateEncryptedChannelEventListener {

  private static final long WAIT_MILLIS = 10_000;

  public final BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> succeeded = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> failures = new LinkedBlockingQueue<>();

  @Override public void onEvent(PusherEvent event) {
    events.add(event);
  }

  @Override public void onSubscriptionSucceeded(String channelName) {
    succeeded.add(channelName);
  }

  @Override public void onAuthenticationFailure(String message, Exception e) {
    failures.add(message);
  }

  @Override public void onDecryptionFailure(String event, String reason) {
    failures.add(event + ": " + reason);
  }

  /** The next event (10 s at most), or null. */
  public PusherEvent next() {
    return poll(events, WAIT_MILLIS);
  }

  /** Waits for the subscription to succeed. */
  public void awaitSubscribed() {
    assertThat(poll(succeeded, WAIT_MILLIS)).as("subscription succeeded").isNotNull();
  }

  /** The head of {@code q} within {@code millis}, or null. */
  public static <T> T poll(BlockingQueue<T> q, long millis) {
    try {
      return q.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The head of {@code q} within 10 s, or null. */
  public static <T> T poll(BlockingQueue<T> q) {
    return poll(q, WAIT_MILLIS);
  }
}
