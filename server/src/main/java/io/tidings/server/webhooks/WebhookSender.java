package io.tidings.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.App;
import io.tidings.server.app.Webhook;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks Soketi sends, to the targets in each app's {@code webhooks} JSON: for every webhook
 * that wants the event type and whose channel filters match (prefix AND suffix), one POST per event,
 * or per batch when {@code SOKETI_WEBHOOKS_BATCHING} is on ({@link WebhookBatches}). Events carry
 * Soketi's fields: {@code name} and {@code channel}; {@code user_id} (JSON type kept) for member events;
 * {@code event}, {@code data} (as the client sent it), {@code socket_id} and, on presence channels,
 * {@code user_id} for client events. Delivery is {@link WebhookDelivery}'s.
 *
 * <p>Lambda targets are accepted but not delivered: the first event for one is reported once per app,
 * and every event they would have received is counted as given up ({@code unsupported_target}).
 *
 * <p><b>Threading:</b> the {@link WebhookEvents} methods are called on event loops and the cluster
 * state thread; they only build the event and enqueue, never block. {@link #close} once, at shutdown.
 */
public final class WebhookSender implements WebhookEvents, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static final String CHANNEL_OCCUPIED = "channel_occupied";
  static final String CHANNEL_VACATED = "channel_vacated";
  static final String MEMBER_ADDED = "member_added";
  static final String MEMBER_REMOVED = "member_removed";
  static final String CLIENT_EVENT = "client_event";
  static final String CACHE_MISS = "cache_miss";

  private final ServerMetrics metrics;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tidings-webhooks");
    t.setDaemon(true);
    return t;
  });
  private final GiveUpLog giveUps = new GiveUpLog(thread);
  private final WebhookDelivery delivery;
  private final WebhookBatches batches;
  private final Set<String> reportedUnsupported = ConcurrentHashMap.newKeySet();

  public WebhookSender(ServerConfig.Webhooks config, ServerMetrics metrics) {
    this.metrics = metrics;
    this.delivery = new WebhookDelivery(config, metrics, thread, giveUps);
    this.batches = config.batching() ? new WebhookBatches(config.batchDuration().toMillis(), thread, delivery) : null;
    metrics.watchWebhookQueue(delivery::depth);
    thread.scheduleWithFixedDelay(giveUps::flush, GiveUpLog.QUIET_SECONDS, GiveUpLog.QUIET_SECONDS, TimeUnit.SECONDS);
  }

  /** POSTs waiting, in flight or waiting for a retry. */
  public int queueDepth() {
    return delivery.depth();
  }

  @Override
  public void channelOccupied(App app, String channel) {
    if (app.webhooks().isEmpty()) return;
    raise(app, CHANNEL_OCCUPIED, channel, () -> event(CHANNEL_OCCUPIED, channel));
  }

  @Override
  public void channelVacated(App app, String channel) {
    if (app.webhooks().isEmpty()) return;
    raise(app, CHANNEL_VACATED, channel, () -> event(CHANNEL_VACATED, channel));
  }

  @Override
  public void memberAdded(App app, String channel, JsonNode userId) {
    if (app.webhooks().isEmpty()) return;
    raise(app, MEMBER_ADDED, channel, () -> event(MEMBER_ADDED, channel).set("user_id", userId));
  }

  @Override
  public void memberRemoved(App app, String channel, JsonNode userId) {
    if (app.webhooks().isEmpty()) return;
    raise(app, MEMBER_REMOVED, channel, () -> event(MEMBER_REMOVED, channel).set("user_id", userId));
  }

  @Override
  public void clientEvent(App app, String channel, String event, JsonNode data, String socketId, JsonNode userId) {
    if (app.webhooks().isEmpty()) return;
    raise(app, CLIENT_EVENT, channel, () -> {
      ObjectNode e = event(CLIENT_EVENT, channel);
      e.put("event", event);
      if (data != null && !data.isMissingNode()) e.set("data", data); // Soketi: undefined data is left out
      if (socketId != null) e.put("socket_id", socketId);
      if (userId != null && channel.startsWith("presence-")) e.set("user_id", userId);
      return e;
    });
  }

  @Override
  public void cacheMiss(App app, String channel) {
    if (app.webhooks().isEmpty()) return;
    raise(app, CACHE_MISS, channel, () -> event(CACHE_MISS, channel));
  }

  private static ObjectNode event(String name, String channel) {
    ObjectNode e = F.objectNode();
    e.put("name", name);
    e.put("channel", channel);
    return e;
  }

  private void raise(App app, String type, String channel, Supplier<ObjectNode> build) {
    ObjectNode event = null;
    long now = 0;
    for (Webhook w : app.webhooks()) {
      if (!w.wants(type, channel)) continue;
      if (!w.isHttp()) {
        unsupported(app, w, type);
        continue;
      }
      if (event == null) {
        event = build.get();
        now = System.currentTimeMillis();
      }
      if (batches != null) {
        batches.add(app, w, type, event);
      } else {
        delivery.enqueue(WebhookPost.of(app, w, type, now, List.of(event)));
      }
    }
  }

  private void unsupported(App app, Webhook w, String type) {
    metrics.webhookGivenUp(app.id(), "unsupported_target");
    if (!reportedUnsupported.add(app.id())) return;
    String what = w.lambdaFunction() != null
        ? "AWS Lambda targets (lambda_function \"" + w.lambdaFunction() + "\") are not supported by Tidings"
        : "a webhook without a url cannot be delivered";
    String line = "App " + app.id() + ": " + what + "; its " + type + " events and all others for such targets are"
        + " not delivered (counted in tidings_webhooks_given_up{reason=\"unsupported_target\"}). Use an HTTP url instead.";
    try {
      thread.execute(() -> log.warn(line));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn(line); // stopping
    }
  }

  /**
   * Stops: batches still open and POSTs not yet delivered are given up and counted ({@code shutdown});
   * one line says how many. Call after the grace period, during which delivery went on.
   */
  @Override
  public void close() {
    List<WebhookPost> open = batches == null ? List.of() : batches.drain();
    int lost = delivery.close();
    for (WebhookPost p : open) metrics.webhookGivenUp(p.app.id(), "shutdown");
    lost += open.size();
    thread.shutdownNow();
    if (lost > 0) {
      log.warn("{} webhook POST(s) were not delivered within the shutdown grace period and are given up", lost);
    }
  }
}
