package io.tidings.admin.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.Bus;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster through a Tidings bus (PostgreSQL LISTEN/NOTIFY, or the in-process bus), in a namespace of its
 * own, {@code /tidings-admin<admin namespace>} (so {@code socket.io#/tidings-admin/admin}): for an admin
 * namespace whose Socket.IO adapter is not a cluster adapter, such as the Pusher server's. Every node of the
 * namespace — Pusher nodes and instrumented Socket.IO servers alike — is one server of the UI.
 *
 * <p>Messages (Tidings-only types; Node nodes never join this namespace):
 * <ul>
 *   <li>{@link #EMIT} {@code {"event", "args"}}: emit to this node's admin clients;</li>
 *   <li>{@link #SOCKETS} / {@link #SOCKETS_RESPONSE} {@code {"sockets": [...]}}: a node's sockets;</li>
 *   <li>{@link #ACTION}: an action to apply to this node's sockets;</li>
 *   <li>{@link #WATCHING} {@code {}}: the sender has admin clients (stream your events);</li>
 *   <li>{@link #SESSION} {@code {"sessionId"}}: a session id the sender gave (accept it too).</li>
 * </ul>
 * An emit the bus cannot take (its outgoing queue is full) reaches only this node's admin clients; it is
 * counted ({@link #dropped()}) and logged once.
 *
 * <p><b>Threading:</b> messages arrive on the bus's delivery thread; the node's callbacks run there.
 */
public final class BusRelay implements AdminRelay {

  private static final Logger log = LoggerFactory.getLogger(BusRelay.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int EMIT = MessageType.FIRST_TIDINGS_TYPE + 40;
  static final int SOCKETS = MessageType.FIRST_TIDINGS_TYPE + 41;
  static final int SOCKETS_RESPONSE = MessageType.FIRST_TIDINGS_TYPE + 42;
  static final int ACTION = MessageType.FIRST_TIDINGS_TYPE + 43;
  static final int WATCHING = MessageType.FIRST_TIDINGS_TYPE + 44;
  static final int SESSION = MessageType.FIRST_TIDINGS_TYPE + 45;

  private final Bus bus;
  private final String busNamespace;
  private final AtomicLong dropped = new AtomicLong();
  private volatile BusNamespace namespace;
  private volatile Node node;

  private BusRelay(Bus bus, String adminNamespace) {
    this.bus = bus;
    this.busNamespace = "/tidings-admin" + adminNamespace;
  }

  /** Relays over {@code bus} (which the caller owns and closes). */
  public static Factory over(Bus bus) {
    return nsp -> new BusRelay(bus, nsp.name());
  }

  /** The bus namespace this relay uses. */
  public String busNamespace() {
    return busNamespace;
  }

  /** Emits that reached only this node because the bus refused them. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void start(Node node) {
    this.node = node;
    namespace = bus.join(busNamespace, new BusListener() {
      @Override
      public void onMessage(BusMessage m) {
        if (m.fromSelf()) return;
        JsonNode data = m.data();
        if (m.type() == EMIT) {
          List<JsonNode> args = new ArrayList<>();
          data.path("args").forEach(args::add);
          node.emitLocally(data.path("event").asText(), args);
        } else if (m.type() == SOCKETS) {
          node.sockets().whenComplete((sockets, e) -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("sockets", e == null ? sockets : JsonNodeFactory.instance.arrayNode());
            namespace.respond(m, SOCKETS_RESPONSE, answer);
          });
        } else if (m.type() == ACTION) {
          node.apply(data);
        } else if (m.type() == WATCHING) {
          node.othersWatching();
        } else if (m.type() == SESSION) {
          node.sessionIssued(data.path("sessionId").asText(null));
        }
      }
    });
  }

  /** Emits to this node's admin clients, and publishes the event for the other nodes' (converted to JSON once). */
  @Override
  public void emit(String event, Object... args) {
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    List<JsonNode> list = new ArrayList<>(args.length);
    for (Object a : args) {
      JsonNode n = JSON.valueToTree(a);
      json.add(n);
      list.add(n);
    }
    node.emitLocally(event, list);
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("event", event);
    data.set("args", json);
    if (!namespace.publish(EMIT, data) && dropped.getAndIncrement() == 0) {
      log.warn("The bus's outgoing queue is full: admin UI events reach only this node's admin clients "
          + "(counted from now on, not logged again)");
    }
  }

  @Override
  public CompletableFuture<List<JsonNode>> otherSockets(Duration timeout) {
    return namespace.request(SOCKETS, JsonNodeFactory.instance.objectNode(), SOCKETS_RESPONSE, timeout)
        .thenApply(answers -> {
          List<JsonNode> out = new ArrayList<>();
          for (BusMessage a : answers) out.add(a.data().path("sockets"));
          return out;
        });
  }

  @Override
  public void sendAction(JsonNode action) {
    namespace.publish(ACTION, action);
  }

  @Override
  public void announceWatching() {
    namespace.publish(WATCHING, JsonNodeFactory.instance.objectNode());
  }

  @Override
  public void announceSession(String sessionId) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("sessionId", sessionId);
    namespace.publish(SESSION, data);
  }

  @Override
  public void close() {
    BusNamespace n = namespace;
    if (n != null) n.leave();
  }
}
