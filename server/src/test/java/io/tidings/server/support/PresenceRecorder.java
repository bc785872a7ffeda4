package io.tidings.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A pusher-java-client presence listener that records events, subscription success and the user ids
 * the SDK reports as added and removed. Callbacks come on the SDK's event thread; the queues are
 * thread-safe.
 */
public final class PresenceRecorder implements PresenceChannelEventListener {

  public final BlockingQueue<PusherEvent> events;
  public final BlockingQueue<String> succeeded = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> added = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> removed = new LinkedBlockingQueue<>();

  public PresenceRecorder() {
    this(new LinkedBlockingQueue<>());
  }

  /** Records events into {@code events} (shared with the test). */
  public PresenceRecorder(BlockingQueue<PusherEvent> events) {
    this.events = events;
  }

  @Override public void onUsersInformationReceived(String channelName, Set<User> users) {}

  @Override public void userSubscribed(String channelName, User user) {
    added.add(user.getId());
  }

  @Override public void userUnsubscribed(String channelName, User user) {
    removed.add(user.getId());
  }

  @Override public void onAuthenticationFailure(String message, Exception e) {}

  @Override public void onSubscriptionSucceeded(String channelName) {
    succeeded.add(channelName);
  }

  @Override public void onEvent(PusherEvent event) {
    events.add(event);
  }

  /** Waits for the subscription to succeed. */
  public void awaitSubscribed() {
    assertThat(ChannelRecorder.poll(succeeded)).as("presence subscription succeeded").isNotNull();
  }
}
