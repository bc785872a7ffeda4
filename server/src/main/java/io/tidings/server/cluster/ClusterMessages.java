package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.MessageType;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.Map;

/**
 * The shapes of the Pusher server's cluster-view messages on the bus, in Tidings-only types (20 and up)
 * that Node processes never see. Broadcasts are Socket.IO BROADCASTs: see {@link BroadcastMessage}.
 * Stateless.
 */
public final class ClusterMessages {

  /** This node's subscriptions to one channel: {@code {app, channel, count}}. */
  public static final int CHANNEL_COUNT = MessageType.FIRST_TIDINGS_TYPE;
  /** This node's sockets of one user in one presence channel: {@code {app, channel, user, info?, sockets, socket, joined}}. */
  public static final int PRESENCE = MessageType.FIRST_TIDINGS_TYPE + 1;
  /** This node's connections of one app: {@code {app, count}}. */
  public static final int CONNECTIONS = MessageType.FIRST_TIDINGS_TYPE + 2;
  /** Everything this node holds: {@code {apps:{…}}}. */
  public static final int NODE_STATE = MessageType.FIRST_TIDINGS_TYPE + 3;
  /** Asks every node for its NODE_STATE. */
  public static final int STATE_REQUEST = MessageType.FIRST_TIDINGS_TYPE + 4;
  /** A node was found dead: {@code {node}}; the first one in the total order wins. */
  public static final int NODE_GONE = MessageType.FIRST_TIDINGS_TYPE + 5;
  /** Close every socket of a user: {@code {app, user}}. */
  public static final int TERMINATE_USER = MessageType.FIRST_TIDINGS_TYPE + 6;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ClusterMessages() {}

  public static ObjectNode channelCount(String app, String channel, int count) {
    ObjectNode d = F.objectNode();
    d.put("app", app);
    d.put("channel", channel);
    d.put("count", count);
    return d;
  }

  public static ObjectNode presence(String app, String channel, JsonNode user, JsonNode info, int sockets,
      String socketId, boolean joined) {
    ObjectNode d = F.objectNode();
    d.put("app", app);
    d.put("channel", channel);
    d.set("user", user);
    if (info != null) d.set("info", info);
    d.put("sockets", sockets);
    d.put("socket", socketId);
    d.put("joined", joined);
    return d;
  }

  public static ObjectNode connections(String app, int count) {
    ObjectNode d = F.objectNode();
    d.put("app", app);
    d.put("count", count);
    return d;
  }

  public static ObjectNode nodeGone(String node) {
    return F.objectNode().put("node", node);
  }

  public static ObjectNode terminateUser(String app, String user) {
    ObjectNode d = F.objectNode();
    d.put("app", app);
    d.put("user", user);
    return d;
  }

  /** A node's whole state. */
  public static ObjectNode nodeState(NodeSnapshot s) {
    ObjectNode apps = F.objectNode();
    s.connections.forEach((app, n) -> appNode(apps, app).put("connections", n));
    s.channels.forEach((app, channels) -> {
      ObjectNode c = appNode(apps, app).putObject("channels");
      channels.forEach(c::put);
    });
    s.presence.forEach((app, byChannel) -> {
      ObjectNode p = appNode(apps, app).putObject("presence");
      byChannel.forEach((channel, users) -> {
        ArrayNode list = p.putArray(channel);
        users.values().forEach(u -> {
          ObjectNode e = list.addObject();
          e.set("user", u.userId());
          if (u.info() != null) e.set("info", u.info());
          e.put("sockets", u.sockets());
        });
      });
    });
    ObjectNode d = F.objectNode();
    d.set("apps", apps);
    return d;
  }

  /** Reads {@link #nodeState}. */
  public static NodeSnapshot readNodeState(JsonNode d) {
    NodeSnapshot s = new NodeSnapshot();
    for (Map.Entry<String, JsonNode> a : iterable(d.path("apps"))) {
      String app = a.getKey();
      JsonNode v = a.getValue();
      s.setConnections(app, v.path("connections").asInt(0));
      for (Map.Entry<String, JsonNode> c : iterable(v.path("channels"))) {
        s.setChannel(app, c.getKey(), c.getValue().asInt(0));
      }
      for (Map.Entry<String, JsonNode> p : iterable(v.path("presence"))) {
        for (JsonNode e : p.getValue()) {
          JsonNode user = e.get("user");
          if (user == null) continue;
          JsonNode info = e.get("info");
          s.setPresence(app, p.getKey(), user.toString(), new PresenceEntry(user, info, e.path("sockets").asInt(0)));
        }
      }
    }
    return s;
  }

  private static ObjectNode appNode(ObjectNode apps, String app) {
    JsonNode n = apps.get(app);
    return n instanceof ObjectNode o ? o : apps.putObject(app);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}
