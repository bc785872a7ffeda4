package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * This node's membership in one namespace of the bus (NOTIFY channel {@code <prefix>#<namespace>}).
 *
 * <p><b>Threading:</b> every method may be called from any thread and never blocks.
 */
public interface BusNamespace {

  /** The namespace name, for example {@code "/"}. */
  String name();

  /**
   * Publishes a message to every node of the namespace, this one included (it comes back through
   * {@link BusListener#onMessage} with {@code fromSelf}). The bus adds {@code uid}, {@code nsp} and a
   * sequence number. Messages published from one node arrive everywhere in the order they were
   * published. Non-blocking: the message is queued and sent with others in one statement.
   *
   * <p>Ownership: the bus owns {@code data} from this call on; the caller must not modify it.
   *
   * @param data the {@code data} member, or null for none
   * @return true when the message was queued; false when it was dropped (the outgoing queue is full, or the
   *         bus is shut down), which the bus also counts and logs. A caller that answers someone for the
   *         message (an HTTP API) should refuse rather than claim it was sent.
   */
  boolean publish(int type, JsonNode data);

  /**
   * Like {@link #publish} for a {@code data} member the caller already wrote as JSON text: exactly one JSON
   * value, written as JavaScript's {@code JSON.stringify} would (the bus copies it into the envelope as
   * is, and peers read it as JSON). Saves building a tree only to serialize it again.
   *
   * @return true when queued, false when dropped (see {@link #publish})
   */
  default boolean publishRaw(int type, String dataJson) {
    try {
      return publish(type, dataJson == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(dataJson));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Publishes several messages of one type, all or none: either every one is queued, in this order, or
   * none is (the outgoing queue has no room for all of them; counted as dropped). For a caller that must
   * answer for a batch as a whole, such as the HTTP API's {@code batch_events}.
   *
   * @param dataJson each message's {@code data} as JSON text, as for {@link #publishRaw}
   * @return true when all were queued, false when none was
   */
  boolean publishRawAll(int type, List<String> dataJson);

  /**
   * Like {@link #publish}, but a message with the same {@code key} that is still queued (not yet
   * sent) is replaced by this one. For absolute values where only the latest matters (counters).
   *
   * @return true when queued or merged into the queued one, false when dropped
   */
  boolean publishLatest(String key, int type, JsonNode data);

  /**
   * Completes once this node listens on the namespace: from then on it hears every message peers publish
   * there (before, it may miss some; what it publishes meanwhile is held and still reaches them). A server
   * that must hear its peers before it takes clients waits for this before it opens its port. Completes on the
   * bus's delivery thread (chain with an async method to do slow work); fails when the namespace is left or
   * the bus shut down first. Buses that deliver at once (the in-process one) return a completed future.
   */
  default CompletableFuture<Void> whenListening() {
    return CompletableFuture.completedFuture(null);
  }

  /** The uids of the peers currently alive in this namespace (never this node's own uid). */
  Set<String> peers();

  /** {@code 1 + peers().size()}, as the Node adapter's {@code serverCount()}. */
  default int serverCount() {
    return 1 + peers().size();
  }

  /**
   * Sends a request and collects one response from every peer alive when it was sent. Completes when
   * every such peer answered or left, or when {@code timeout} passes (with the responses that came).
   * The bus adds a fresh {@code requestId} (16 hex) to {@code data}. Responses are messages of
   * {@code responseType} carrying the same {@code requestId}.
   */
  CompletableFuture<List<BusMessage>> request(int type, ObjectNode data, int responseType, Duration timeout);

  /**
   * Broadcasts with acknowledgements, as Node's {@code ClusterAdapter.broadcastWithAck}: publishes a
   * BROADCAST (type 3) whose {@code data} is {@code data} with a fresh {@code requestId} (written after
   * {@code packet}, where Node puts it); every other node answers one BROADCAST_CLIENT_COUNT (type 11,
   * {@code {requestId, clientCount}}) and then one BROADCAST_ACK (type 12, {@code {requestId, packet}}) per
   * client that acknowledged.
   *
   * <p>{@code listener} sees each count and each acknowledgement as it arrives; the future completes when
   * every expected peer's count is met (its count arrived, and that many acknowledgements from it), or
   * when {@code timeout} passes, with what came. The peers expected are those alive now, plus any other
   * that answers; a peer that leaves or is evicted meanwhile is dropped from the expectation, so the
   * request may complete early. With no peer at all it completes at once, the broadcast still sent.
   *
   * <p>Only the other nodes' part: the BROADCAST also comes back to this node through
   * {@link BusListener#onMessage} ({@code fromSelf}), and acknowledgements from this node's own clients are
   * the caller's business.
   *
   * <p><b>Threading:</b> may be called from any thread; the message keeps its place in this thread's order
   * of publishes. {@code listener} is called, and the future completed, on the bus's delivery thread: code
   * chained on the future with a non-async method runs there too and must not block.
   *
   * @param data     {@code {packet, opts}}; the bus owns it from this call on
   * @param timeout  how long to wait (Node: the broadcast's {@code flags.timeout}); null for the bus default
   * @param listener sees the answers as they come; null for none
   * @return the answers; fails at once (never blocks) when the broadcast could not be queued
   */
  CompletableFuture<BroadcastAcks> broadcastWithAck(ObjectNode data, Duration timeout, AckListener listener);

  /**
   * {@code data} with {@code requestId} placed as Node places it: right after {@code packet} when there is
   * one, else first. A new node; {@code data} is left as it is.
   */
  static ObjectNode withRequestId(ObjectNode data, String requestId) {
    ObjectNode out = data.objectNode();
    if (!data.has("packet")) {
      out.put("requestId", requestId);
    }
    data.properties().forEach(field -> {
      if (field.getKey().equals("requestId")) return;
      out.set(field.getKey(), field.getValue());
      if (field.getKey().equals("packet")) out.put("requestId", requestId);
    });
    return out;
  }

  /**
   * Answers a request received through {@link BusListener#onMessage}: publishes {@code data} with the
   * request's {@code requestId} under this node's uid.
   */
  void respond(BusMessage request, int responseType, ObjectNode data);

  /** Leaves the namespace: ADAPTER_CLOSE (13) to the peers, then stops listening. */
  void leave();
}
