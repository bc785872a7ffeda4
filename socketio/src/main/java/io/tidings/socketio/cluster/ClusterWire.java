package io.tidings.socketio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.SocketDetails;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code data} members of the Node {@code ClusterAdapter}'s messages, written as Node writes them and read
 * as leniently as Node reads them (wire reference §1.5, §6.3): {@code opts} is
 * {@code {"rooms":[…],"except":[…],"flags":{…}}} with only the flags that are set ({@code volatile},
 * {@code compress: false}, {@code timeout} in milliseconds); a BROADCAST's {@code packet} is
 * {@code {"type":2,"data":[event, …args]}} without namespace or id. On reading, missing {@code except} or
 * {@code flags} are empty (the emitters leave {@code flags} out), a packet's {@code nsp} (emitters) is ignored,
 * and a {@code timeout} that is not a plain millisecond count (the Go port writes nanoseconds) is left out.
 *
 * <p>Stateless and thread-safe.
 */
final class ClusterWire {

  /** An EVENT packet's type number on the wire (socket.io-parser's {@code PacketType.EVENT}). */
  static final int EVENT = 2;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Go writes {@code flags.timeout} as nanoseconds: anything past a day is not a millisecond timeout. */
  private static final long LONGEST_MILLIS = Duration.ofDays(1).toMillis();

  private ClusterWire() {}

  /** {@code {"rooms":[…],"except":[…],"flags":{…}}}. */
  static ObjectNode opts(BroadcastOptions opts) {
    ObjectNode o = NODES.objectNode();
    ArrayNode rooms = o.putArray("rooms");
    opts.rooms().forEach(rooms::add);
    ArrayNode except = o.putArray("except");
    opts.except().forEach(except::add);
    ObjectNode flags = o.putObject("flags");
    BroadcastFlags f = opts.flags();
    if (f.isVolatile()) flags.put("volatile", true);
    if (!f.compress()) flags.put("compress", false);
    if (f.timeout() != null) flags.put("timeout", f.timeout().toMillis());
    return o;
  }

  /** Reads {@code opts}; a missing or malformed member counts as empty. */
  static BroadcastOptions opts(JsonNode o) {
    BroadcastFlags flags = BroadcastFlags.NONE;
    JsonNode f = o == null ? null : o.get("flags");
    if (f != null && f.isObject()) {
      if (f.path("volatile").asBoolean(false)) flags = flags.withVolatile();
      JsonNode compress = f.get("compress");
      if (compress != null && compress.isBoolean() && !compress.booleanValue()) flags = flags.withCompress(false);
      JsonNode timeout = f.get("timeout");
      if (timeout != null && timeout.isIntegralNumber() && timeout.longValue() >= 0 && timeout.longValue() <= LONGEST_MILLIS) {
        flags = flags.withTimeout(Duration.ofMillis(timeout.longValue()));
      }
    }
    return new BroadcastOptions(strings(o == null ? null : o.get("rooms")), strings(o == null ? null : o.get("except")), flags);
  }

  /** A BROADCAST's {@code {"packet":{"type":2,"data":…},"opts":…}}. */
  static ObjectNode broadcast(JsonNode eventData, BroadcastOptions opts) {
    ObjectNode data = NODES.objectNode();
    data.putObject("packet").put("type", EVENT).set("data", eventData);
    data.set("opts", opts(opts));
    return data;
  }

  /** SOCKETS_JOIN and SOCKETS_LEAVE: {@code {"opts":…,"rooms":[…]}}. */
  static ObjectNode rooms(BroadcastOptions opts, Set<String> rooms) {
    ObjectNode data = NODES.objectNode();
    data.set("opts", opts(opts));
    ArrayNode r = data.putArray("rooms");
    rooms.forEach(r::add);
    return data;
  }

  /** DISCONNECT_SOCKETS: {@code {"opts":…,"close":…}}. */
  static ObjectNode disconnect(BroadcastOptions opts, boolean close) {
    ObjectNode data = NODES.objectNode();
    data.set("opts", opts(opts));
    data.put("close", close);
    return data;
  }

  /** FETCH_SOCKETS: {@code {"opts":…}} (the bus adds {@code requestId}). */
  static ObjectNode fetch(BroadcastOptions opts) {
    ObjectNode data = NODES.objectNode();
    data.set("opts", opts(opts));
    return data;
  }

  /** One socket of a FETCH_SOCKETS_RESPONSE: {@code {"id","handshake","rooms","data"}}. */
  static ObjectNode socket(SocketDetails s) {
    ObjectNode o = NODES.objectNode().put("id", s.id());
    o.set("handshake", s.handshake() == null ? NODES.objectNode() : s.handshake());
    ArrayNode rooms = o.putArray("rooms");
    s.rooms().forEach(rooms::add);
    o.set("data", value(s.data()));
    return o;
  }

  /** A socket of another node's FETCH_SOCKETS_RESPONSE; null when it has no id. */
  static SocketDetails socket(JsonNode o) {
    JsonNode id = o.get("id");
    if (id == null || !id.isTextual()) return null;
    JsonNode data = o.get("data");
    return new SocketDetails(id.textValue(), o.path("handshake"), strings(o.get("rooms")),
        data == null || data.isNull() ? null : data);
  }

  /** An application value ({@code socket.data}, an ack argument) as a tree, binary included. */
  static JsonNode value(Object v) {
    if (v == null) return NullNode.getInstance();
    if (v instanceof JsonNode n) return n;
    if (v instanceof byte[] b) return BinaryNode.valueOf(b);
    if (v instanceof ByteBuffer buffer) {
      ByteBuffer d = buffer.duplicate();
      byte[] b = new byte[d.remaining()];
      d.get(b);
      return BinaryNode.valueOf(b);
    }
    return MAPPER.valueToTree(v);
  }

  /** The strings of a JSON array, in order; anything else is empty. */
  static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null && array.isArray()) {
      for (JsonNode s : array) {
        if (s.isTextual()) out.add(s.textValue());
      }
    }
    return out;
  }
}
