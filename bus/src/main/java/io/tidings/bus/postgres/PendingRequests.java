package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.BusMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The requests one namespace has sent and still waits on, matched to responses by {@code requestId}, as
 * the Node {@code ClusterAdapterWithHeartbeat} does: the responders expected are the peers alive when the
 * request left; each response crosses its sender off; a responder that leaves is crossed off too (so the
 * request may finish early); whatever is pending at the timeout finishes with the responses that came.
 *
 * <p><b>Threading:</b> event loop only. Futures are completed through {@code completer} (the delivery
 * thread), never on the event loop, so code chained on them cannot stall the bus.
 */
final class PendingRequests {

  private static final class Pending {
    final int responseType;
    final Set<String> missing;
    final List<BusMessage> responses = new ArrayList<>();
    final CompletableFuture<List<BusMessage>> future;
    long timer = -1;

    Pending(int responseType, Set<String> missing, CompletableFuture<List<BusMessage>> future) {
      this.responseType = responseType;
      this.missing = missing;
      this.future = future;
    }
  }

  private final Map<String, Pending> byId = new HashMap<>();
  private final Consumer<Runnable> completer;
  private final LongConsumer cancelTimer;

  PendingRequests(Consumer<Runnable> completer, LongConsumer cancelTimer) {
    this.completer = completer;
    this.cancelTimer = cancelTimer;
  }

  void add(String requestId, int responseType, Set<String> expected, CompletableFuture<List<BusMessage>> future) {
    byId.put(requestId, new Pending(responseType, new HashSet<>(expected), future));
  }

  /** Attaches the timer that ends the request, to be cancelled when it finishes first. */
  void timer(String requestId, long timerId) {
    Pending p = byId.get(requestId);
    if (p != null) p.timer = timerId;
  }

  /** True when {@code m} answers a pending request (and was taken by it). */
  boolean accept(BusMessage m) {
    if (byId.isEmpty()) return false; // nothing is awaited: do not build the message's tree to find out
    JsonNode id = m.data() == null ? null : m.data().get("requestId");
    if (id == null || !id.isTextual()) return false;
    Pending p = byId.get(id.textValue());
    if (p == null || p.responseType != m.type()) return false;
    p.responses.add(m);
    p.missing.remove(m.uid());
    if (p.missing.isEmpty()) finish(id.textValue());
    return true;
  }

  /** {@code uid} left: nothing more will come from it. */
  void nodeLeft(String uid) {
    List<String> done = new ArrayList<>();
    byId.forEach((id, p) -> {
      if (p.missing.remove(uid) && p.missing.isEmpty()) done.add(id);
    });
    done.forEach(this::finish);
  }

  /** Finishes {@code requestId} with what it has. */
  void finish(String requestId) {
    Pending p = byId.remove(requestId);
    if (p == null) return;
    if (p.timer >= 0) cancelTimer.accept(p.timer);
    List<BusMessage> responses = List.copyOf(p.responses);
    completer.accept(() -> p.future.complete(responses));
  }

  /** Finishes every pending request with what it has. */
  void finishAll() {
    List.copyOf(byId.keySet()).forEach(this::finish);
  }
}
