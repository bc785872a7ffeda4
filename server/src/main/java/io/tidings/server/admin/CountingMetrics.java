package io.tidings.server.admin;

import io.tidings.admin.model.AggregatedEvents;
import io.tidings.bus.BusStats;
import io.tidings.server.metrics.ServerMetrics;
import java.util.function.IntSupplier;

/**
 * The server's metrics, passed on unchanged, with the frames and bytes of the Pusher connections also
 * counted per second for the admin UI's charts ({@code packetsIn}, {@code bytesIn}, {@code packetsOut},
 * {@code bytesOut}). Every method of {@link ServerMetrics} is forwarded (a test checks none is left to its
 * default). Thread-safe, as the two it joins.
 */
final class CountingMetrics implements ServerMetrics {

  private final ServerMetrics delegate;
  private final AggregatedEvents events;

  CountingMetrics(ServerMetrics delegate, AggregatedEvents events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public void wsMessageReceived(String appId, int bytes) {
    delegate.wsMessageReceived(appId, bytes);
    events.add("packetsIn", null);
    events.add("bytesIn", null, bytes);
  }

  @Override
  public void wsMessagesSent(String appId, int messages, long bytes) {
    delegate.wsMessagesSent(appId, messages, bytes);
    events.add("packetsOut", null, messages);
    events.add("bytesOut", null, bytes);
  }

  @Override public void connectionOpened(String appId) { delegate.connectionOpened(appId); }
  @Override public void connectionClosed(String appId) { delegate.connectionClosed(appId); }
  @Override public void httpCall(String appId, long in, long out) { delegate.httpCall(appId, in, out); }
  @Override public void badFrame(String reason) { delegate.badFrame(reason); }
  @Override public void slowConsumerClosed(String appId) { delegate.slowConsumerClosed(appId); }
  @Override public void frameDropped(String appId) { delegate.frameDropped(appId); }
  @Override public void clientEventRefused(String appId) { delegate.clientEventRefused(appId); }
  @Override public void presenceAnsweredLocally() { delegate.presenceAnsweredLocally(); }
  @Override public void readBarrierTimedOut() { delegate.readBarrierTimedOut(); }
  @Override public void webhookSent(String appId) { delegate.webhookSent(appId); }
  @Override public void webhookAttemptFailed(String appId) { delegate.webhookAttemptFailed(appId); }
  @Override public void webhookGivenUp(String appId, String reason) { delegate.webhookGivenUp(appId, reason); }
  @Override public void watchWebhookQueue(IntSupplier depth) { delegate.watchWebhookQueue(depth); }
  @Override public void watchBus(BusStats stats) { delegate.watchBus(stats); }
}
