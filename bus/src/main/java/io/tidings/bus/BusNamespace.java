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
   */
  void publish(int type, JsonNode data);

  /**
   * Like {@link #publish} for a {@code data} member the caller already wrote as JSON text: exactly one JSON
   * value, written as JavaScript's {@code JSON.stringify} would (the bus copies it into the envelope as
   * is, and peers read it as JSON). Saves building a tree only to serialize it again.
   */
  default void publishRaw(int type, String dataJson) {
    try {
      publish(type, dataJson == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(dataJson));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Like {@link #publish}, but a message with the same {@code key} that is still queued (not yet
   * sent) is replaced by this one. For absolute values where only the latest matters (counters).
   */
  void publishLatest(String key, int type, JsonNode data);

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
   * Answers a request received through {@link BusListener#onMessage}: publishes {@code data} with the
   * request's {@code requestId} under this node's uid.
   */
  void respond(BusMessage request, int responseType, ObjectNode data);

  /** Leaves the namespace: ADAPTER_CLOSE (13) to the peers, then stops listening. */
  void leave();
}
