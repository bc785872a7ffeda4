package io.tidings.server.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.App;
import io.tidings.server.app.Webhook;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code SOKETI_WEBHOOKS_BATCHING}: events wait up to {@code SOKETI_WEBHOOKS_BATCHING_DURATION} and
 * leave together in one POST — one batch <em>per app and per webhook</em>, so each POST goes to its
 * own app's receiver, signed with that app's secret, and carries only the events that webhook wants.
 * (Soketi keeps one process-wide batch and sends it with the first event's app, a bug.) A batch that
 * reaches {@link #MAX_EVENTS_PER_POST} leaves at once, which bounds the memory batches hold.
 *
 * <p><b>Threading:</b> {@link #add} from any thread (a short lock on the one batch); the timers run on
 * the webhook thread.
 */
final class WebhookBatches {

  static final int MAX_EVENTS_PER_POST = 1000;

  private record Key(String appId, Webhook webhook) {}

  private static final class Batch {
    App app;
    List<ObjectNode> events = new ArrayList<>();
    Set<String> types = new TreeSet<>();
    boolean scheduled;
  }

  private final long durationMillis;
  private final ScheduledExecutorService thread;
  private final WebhookDelivery delivery;
  private final ConcurrentHashMap<Key, Batch> batches = new ConcurrentHashMap<>();

  WebhookBatches(long durationMillis, ScheduledExecutorService thread, WebhookDelivery delivery) {
    this.durationMillis = durationMillis;
    this.thread = thread;
    this.delivery = delivery;
  }

  /** Adds {@code event} (of {@code type}) to the batch of {@code app}'s {@code webhook}. */
  void add(App app, Webhook webhook, String type, ObjectNode event) {
    Batch b = batches.computeIfAbsent(new Key(app.id(), webhook), k -> new Batch());
    WebhookPost full = null;
    synchronized (b) {
      b.app = app; // the newest settings (secret) sign the POST
      b.events.add(event);
      b.types.add(type);
      if (b.events.size() >= MAX_EVENTS_PER_POST) {
        full = take(b, webhook);
      } else if (!b.scheduled) {
        b.scheduled = true;
        try {
          thread.schedule(() -> flush(b, webhook), durationMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          full = take(b, webhook); // stopping: hand it to the delivery, which accounts for it
        }
      }
    }
    if (full != null) delivery.enqueue(full);
  }

  private void flush(Batch b, Webhook webhook) {
    WebhookPost post;
    synchronized (b) {
      b.scheduled = false;
      post = take(b, webhook);
    }
    if (post != null) delivery.enqueue(post);
  }

  /** The batch's events as one POST, or null when empty; the batch is emptied. Holding b's lock. */
  private static WebhookPost take(Batch b, Webhook webhook) {
    if (b.events.isEmpty()) return null;
    WebhookPost post = WebhookPost.of(b.app, webhook, String.join(",", b.types), System.currentTimeMillis(), b.events);
    b.events = new ArrayList<>();
    b.types = new TreeSet<>();
    return post;
  }

  /** Empties every batch into POSTs (at shutdown, for accounting). */
  List<WebhookPost> drain() {
    List<WebhookPost> out = new ArrayList<>();
    batches.forEach((k, b) -> {
      synchronized (b) {
        WebhookPost p = take(b, k.webhook());
        if (p != null) out.add(p);
      }
    });
    return out;
  }
}
