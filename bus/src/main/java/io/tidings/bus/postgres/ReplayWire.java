package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.wire.Envelope;
import java.util.ArrayList;
import java.util.List;

/**
 * The two Tidings-only messages that recover a gap (types {@link io.tidings.bus.MessageType#REPLAY_REQUEST}
 * and {@link io.tidings.bus.MessageType#REPLAY}), as they travel in an envelope's {@code data}:
 *
 * <pre>
 *   REPLAY_REQUEST  {"to":"&lt;peer uid&gt;","after":41,"requestId":"&lt;16 hex&gt;"}
 *   REPLAY          {"to":"&lt;asker uid&gt;","requestId":"…","first":42,"last":97,
 *                    "msgs":[[42,3,{…data…}],[44,20,{…}],…],"done":true}
 * </pre>
 *
 * A REPLAY covers the sender's numbers {@code first..last}: the messages listed are every one of them
 * worth delivering (heartbeats are left out); numbers in {@code (after, first)} are gone from the sender's
 * ring. A long replay comes in several REPLAY messages with the same {@code requestId}, only the last one
 * {@code done}. Both go on the namespace's channel like every message (NOTIFY has no addressing): every node
 * receives them and only the one named in {@code to} acts. Node processes ignore the unknown types (the
 * socket.io ClusterAdapter's {@code onMessage} falls through its switch), and are never asked: they do not
 * number their messages, so no gap in theirs can be seen. Stateless.
 */
final class ReplayWire {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A parsed REPLAY. */
  record Chunk(String requestId, long first, long last, boolean done, List<Envelope> messages) {}

  private ReplayWire() {}

  static ObjectNode request(String to, long after, String requestId) {
    ObjectNode d = JSON.objectNode();
    d.put("to", to);
    d.put("after", after);
    d.put("requestId", requestId);
    return d;
  }

  static ObjectNode chunk(String to, String requestId, long first, long last) {
    ObjectNode d = JSON.objectNode();
    d.put("to", to);
    d.put("requestId", requestId);
    d.put("first", first);
    d.put("last", last);
    d.putArray("msgs");
    return d;
  }

  static void addMessage(ObjectNode chunk, Envelope e) {
    ArrayNode m = ((ArrayNode) chunk.get("msgs")).addArray();
    m.add(e.seq()).add(e.type());
    if (e.data() == null) m.addNull(); else m.add(e.data());
  }

  /** True when {@code data} names {@code uid} as its addressee. */
  static boolean addressedTo(JsonNode data, String uid) {
    return data != null && uid.equals(data.path("to").asText(null));
  }

  /** The {@code after} of a request, or -1 when it is malformed. */
  static long after(JsonNode request) {
    JsonNode a = request.path("after");
    return a.isIntegralNumber() && a.asLong() >= 0 ? a.asLong() : -1;
  }

  /** The chunk in {@code data}, its messages as envelopes of {@code uid}; null when malformed. */
  static Chunk parseChunk(JsonNode data, String uid, String nsp) {
    JsonNode id = data.path("requestId");
    JsonNode first = data.path("first");
    JsonNode last = data.path("last");
    JsonNode msgs = data.path("msgs");
    if (!id.isTextual() || !first.isIntegralNumber() || !last.isIntegralNumber() || !msgs.isArray()) {
      return null;
    }
    List<Envelope> messages = new ArrayList<>(msgs.size());
    for (JsonNode m : msgs) {
      if (!m.isArray() || m.size() != 3 || !m.get(0).isIntegralNumber() || !m.get(1).isIntegralNumber()) {
        return null;
      }
      JsonNode d = m.get(2);
      messages.add(new Envelope(m.get(1).asInt(), d.isNull() ? null : d, uid, nsp, m.get(0).asLong()));
    }
    return new Chunk(id.asText(), first.asLong(), last.asLong(), data.path("done").asBoolean(false), messages);
  }
}
