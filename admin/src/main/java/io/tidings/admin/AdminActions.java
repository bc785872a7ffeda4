package io.tidings.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.admin.cluster.AdminRelay;
import io.tidings.admin.model.AdminFeature;
import io.tidings.admin.model.InstrumentedServer;
import io.tidings.socketio.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin actions of {@code @socket.io/admin-ui} 0.5.1 — {@code emit}, {@code join}, {@code leave},
 * {@code _disconnect}, with the arguments the UI sends — as the features allow them: each becomes one JSON
 * action ({@code {"type", "nsp", "room", "filter", "close", "args"}}), applied to this node's sockets and
 * sent through the relay to the other nodes, which apply it to theirs. A malformed action goes nowhere,
 * counted and logged once.
 *
 * <p>Thread-safe: called from the admin sockets' handlers and the relay's thread.
 */
final class AdminActions {

  private static final Logger log = LoggerFactory.getLogger(AdminActions.class);

  private final InstrumentedServer server;
  private final Set<AdminFeature> features;
  private final AdminRelay relay;
  private final AtomicLong ignoredActions = new AtomicLong();

  AdminActions(InstrumentedServer server, Set<AdminFeature> features, AdminRelay relay) {
    this.server = server;
    this.features = features;
    this.relay = relay;
  }

  /** Handles the actions of admin client {@code socket} (not read-only). */
  void handle(Socket socket) {
    if (features.contains(AdminFeature.EMIT)) {
      socket.on("emit", (args, ack) -> {
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (int i = 2; i < args.size(); i++) rest.add(args.get(i));
        everywhere(action("emit", args.getString(0), null, args.getString(1), false).set("args", rest));
      });
    }
    if (features.contains(AdminFeature.JOIN) || features.contains(AdminFeature.MJOIN)) {
      socket.on("join", (args, ack) -> everywhere(action("join", args.getString(0), args.getString(1), args.getString(2), false)));
    }
    if (features.contains(AdminFeature.LEAVE) || features.contains(AdminFeature.MLEAVE)) {
      socket.on("leave", (args, ack) -> everywhere(action("leave", args.getString(0), args.getString(1), args.getString(2), false)));
    }
    if (features.contains(AdminFeature.DISCONNECT) || features.contains(AdminFeature.MDISCONNECT)) {
      socket.on("_disconnect", (args, ack) -> everywhere(
          action("disconnect", args.getString(0), null, args.getString(2), args.get(1).asBoolean(false))));
    }
  }

  private static ObjectNode action(String type, String namespace, String room, String filter, boolean close) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("type", type);
    a.put("nsp", namespace);
    a.put("room", room);
    a.put("filter", filter == null || filter.isEmpty() ? null : filter);
    a.put("close", close);
    return a;
  }

  /** Applies {@code action} to this node's sockets and sends it to the other nodes; a malformed one goes nowhere. */
  private void everywhere(JsonNode action) {
    if (!wellFormed(action)) return;
    apply(action);
    relay.sendAction(action);
  }

  /**
   * True for an action the UI could have sent: a namespace name, a room for {@code join} and {@code leave},
   * an event name for {@code emit}. Anything else is counted ({@link #ignoredActions()}) and logged once.
   */
  private boolean wellFormed(JsonNode a) {
    String type = a.path("type").asText();
    boolean ok = a.path("nsp").isTextual() && a.path("nsp").asText().startsWith("/")
        && (a.path("filter").isNull() || a.path("filter").isTextual())
        && switch (type) {
          case "join", "leave" -> a.path("room").isTextual() && !a.path("room").asText().isEmpty();
          case "emit" -> a.path("args").isArray() && a.path("args").size() > 0 && a.path("args").get(0).isTextual();
          case "disconnect" -> true;
          default -> false;
        };
    if (!ok && ignoredActions.getAndIncrement() == 0) {
      log.warn("An admin action that no admin UI sends was ignored (counted from now on, not logged again): {}", a);
    }
    return ok;
  }

  /** Malformed admin actions ignored so far. */
  long ignored() {
    return ignoredActions.get();
  }

  /** Applies an action, from this node's admin client or another node's, to this node's sockets. */
  void apply(JsonNode a) {
    if (!wellFormed(a)) return;
    String nspName = a.path("nsp").asText();
    String filter = a.path("filter").isTextual() ? a.path("filter").asText() : null;
    switch (a.path("type").asText()) {
      case "join" -> server.join(nspName, a.path("room").asText(), filter);
      case "leave" -> server.leave(nspName, a.path("room").asText(), filter);
      case "disconnect" -> server.disconnect(nspName, a.path("close").asBoolean(false), filter);
      default -> {
        List<Object> args = new ArrayList<>();
        a.path("args").forEach(args::add);
        server.emit(nspName, filter, args);
      }
    }
  }
}
