package io.tidings.socketio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.LocalBus;
import io.tidings.socketio.adapter.Sessions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's questions "who holds session {@code pid}?" ({@link PostgresAdapter#SESSION_REQUEST}), each
 * answered by the one node that held it ({@link PostgresAdapter#SESSION}), or by nobody: then it ends with null
 * after the timeout. Only the holder answers, so a request never waits on Node peers, which do not know the
 * type and stay silent.
 *
 * <p><b>Threading:</b> thread-safe. Futures complete on the bus's delivery thread or the timeout's thread.
 */
final class SessionRequests {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Duration timeout;
  private final Map<String, CompletableFuture<Sessions.Persisted>> pending = new ConcurrentHashMap<>();

  SessionRequests(Duration timeout) {
    this.timeout = timeout;
  }

  /** Asks the other nodes for session {@code pid}; completes with it, or with null when nobody holds it. */
  CompletableFuture<Sessions.Persisted> ask(BusNamespace ns, String pid) {
    String requestId = LocalBus.randomUid();
    CompletableFuture<Sessions.Persisted> answer = new CompletableFuture<>();
    pending.put(requestId, answer);
    answer.whenComplete((s, e) -> pending.remove(requestId));
    if (!ns.publish(PostgresAdapter.SESSION_REQUEST, NODES.objectNode().put("requestId", requestId).put("pid", pid))) {
      answer.complete(null);
      return answer;
    }
    return answer.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A {@link PostgresAdapter#SESSION} arrived: completes the request it answers, if it is this node's. */
  void answered(BusMessage m) {
    CompletableFuture<Sessions.Persisted> answer = pending.get(m.data().path("requestId").asText(""));
    if (answer != null) answer.complete(fromJson(m.data().get("session")));
  }

  void cancelAll() {
    pending.values().forEach(f -> f.complete(null));
  }

  /** {@code {"sid","pid","rooms":[…],"data":…}}. */
  static ObjectNode toJson(Sessions.Persisted s) {
    ObjectNode o = NODES.objectNode().put("sid", s.sid()).put("pid", s.pid());
    ArrayNode rooms = o.putArray("rooms");
    s.rooms().forEach(rooms::add);
    o.set("data", ClusterWire.value(s.data()));
    return o;
  }

  static Sessions.Persisted fromJson(JsonNode o) {
    if (o == null || !o.path("sid").isTextual() || !o.path("pid").isTextual()) return null;
    JsonNode data = o.get("data");
    return new Sessions.Persisted(o.get("sid").textValue(), o.get("pid").textValue(), ClusterWire.strings(o.get("rooms")),
        data == null || data.isNull() ? null : data);
  }
}
