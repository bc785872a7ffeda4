package io.tidings.emitter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.MessageType;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The cluster messages an emitter sends, with their {@code data} exactly as the Node
 * {@code @socket.io/postgres-emitter} writes it (key order included); the envelope around it
 * ({@code type, data, uid "emitter", nsp}) is the bus's ({@link io.tidings.bus.wire.OutboundMessage}), which
 * adds the top-level {@code nsp} that Node's emitter forgets and adapter 0.5 requires:
 *
 * <pre>
 *   BROADCAST (3)          {"packet":{"type":2,"data":[event,...args],"nsp":nsp},"opts":{"rooms":[],"flags":{},"except":[]}}
 *   SOCKETS_JOIN (4)       {"opts":{"rooms":[],"except":[]},"rooms":[...]}
 *   SOCKETS_LEAVE (5)      {"opts":{"rooms":[],"except":[]},"rooms":[...]}
 *   DISCONNECT_SOCKETS (6) {"opts":{"rooms":[],"except":[]},"close":false}
 *   SERVER_SIDE_EMIT (9)   {"packet":[event,...args]}
 * </pre>
 *
 * <p>Event names that Socket.IO keeps for itself are refused as Node refuses them: for {@code emit} those of
 * the client socket ({@link #RESERVED_EVENTS}), for {@code serverSideEmit} those of a namespace
 * ({@link #RESERVED_SERVER_SIDE_EVENTS}; Node's emitter lets them through, and a Node server receiving one
 * would call its {@code connection} handlers with no socket).
 *
 * <p>Stateless and thread-safe. Each message's tree is new, and owned by whoever sends it.
 */
final class ClusterMessages {

  /** One message: its type and its {@code data}. */
  record Message(int type, ObjectNode data) {}

  /** Events a client socket reserves (socket.io's {@code RESERVED_EVENTS}, as the Node emitter's). */
  static final Set<String> RESERVED_EVENTS =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

  /** Events a namespace reserves (socket.io's {@code Namespace} {@code RESERVED_EVENTS}). */
  static final Set<String> RESERVED_SERVER_SIDE_EVENTS = Set.of("connect", "connection", "new_namespace");

  /** Socket.IO's EVENT packet type. */
  private static final int EVENT = 2;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ClusterMessages() {}

  static Message broadcast(String nsp, BroadcastOptions to, String event, Object[] args, ObjectMapper mapper) {
    checkEvent(event, RESERVED_EVENTS);
    ObjectNode data = NODES.objectNode();
    ObjectNode packet = data.putObject("packet");
    packet.put("type", EVENT);
    packet.set("data", Arguments.array(event, args, mapper));
    packet.put("nsp", nsp);
    ObjectNode opts = data.putObject("opts");
    opts.set("rooms", strings(to.rooms()));
    ObjectNode flags = opts.putObject("flags");
    for (Map.Entry<String, Boolean> flag : to.flags().entrySet()) {
      flags.put(flag.getKey(), flag.getValue());
    }
    opts.set("except", strings(to.except()));
    return new Message(MessageType.BROADCAST, data);
  }

  static Message socketsJoin(BroadcastOptions of, Collection<String> rooms) {
    return roomChange(MessageType.SOCKETS_JOIN, of, rooms);
  }

  static Message socketsLeave(BroadcastOptions of, Collection<String> rooms) {
    return roomChange(MessageType.SOCKETS_LEAVE, of, rooms);
  }

  static Message disconnectSockets(BroadcastOptions of, boolean close) {
    ObjectNode data = NODES.objectNode();
    data.set("opts", targets(of));
    data.put("close", close);
    return new Message(MessageType.DISCONNECT_SOCKETS, data);
  }

  static Message serverSideEmit(String event, Object[] args, ObjectMapper mapper) {
    checkEvent(event, RESERVED_SERVER_SIDE_EVENTS);
    ObjectNode data = NODES.objectNode();
    data.set("packet", Arguments.array(event, args, mapper));
    return new Message(MessageType.SERVER_SIDE_EMIT, data);
  }

  /** {@code nsp} as Node's {@code of()} takes it: with a leading {@code /} added when missing. */
  static String namespace(String nsp) {
    if (nsp == null) {
      throw new IllegalArgumentException("A namespace must not be null");
    }
    return nsp.startsWith("/") ? nsp : "/" + nsp;
  }

  /** The message in a few words, for error messages: {@code BROADCAST "ev" in namespace /}. */
  static String describe(Message m, String nsp) {
    String what = switch (m.type()) {
      case MessageType.BROADCAST -> "BROADCAST " + m.data().at("/packet/data/0");
      case MessageType.SOCKETS_JOIN -> "SOCKETS_JOIN " + m.data().get("rooms");
      case MessageType.SOCKETS_LEAVE -> "SOCKETS_LEAVE " + m.data().get("rooms");
      case MessageType.DISCONNECT_SOCKETS -> "DISCONNECT_SOCKETS";
      case MessageType.SERVER_SIDE_EMIT -> "SERVER_SIDE_EMIT " + m.data().at("/packet/0");
      default -> "message of type " + m.type();
    };
    return what + " in namespace " + nsp;
  }

  private static Message roomChange(int type, BroadcastOptions of, Collection<String> rooms) {
    ObjectNode data = NODES.objectNode();
    data.set("opts", targets(of));
    for (String room : rooms) {
      if (room == null) throw new IllegalArgumentException("A room name must not be null");
    }
    data.set("rooms", strings(rooms));
    return new Message(type, data);
  }

  /** The {@code opts} of the operations that are not broadcasts: rooms and except, no flags (as Node's emitter). */
  private static ObjectNode targets(BroadcastOptions of) {
    ObjectNode opts = NODES.objectNode();
    opts.set("rooms", strings(of.rooms()));
    opts.set("except", strings(of.except()));
    return opts;
  }

  private static ArrayNode strings(Collection<String> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }

  private static void checkEvent(String event, Set<String> reserved) {
    if (event == null) {
      throw new IllegalArgumentException("An event name must not be null");
    }
    if (reserved.contains(event)) {
      throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }
  }
}
