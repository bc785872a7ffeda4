package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one node holds, as counts: per app its connections, per channel its subscriptions, per
 * presence channel the sockets of each user. What a node announces about itself when it joins, when it
 * reconnects and when asked; also the record each node keeps of every peer. Mutable; confined to one
 * thread at a time.
 */
public final class NodeSnapshot {

  /** One user's presence on one node in one channel. */
  public record PresenceEntry(JsonNode userId, JsonNode info, int sockets) {}

  /** Per app: connections. */
  final Map<String, Integer> connections = new HashMap<>();
  /** Per app, per channel: subscriptions. */
  final Map<String, Map<String, Integer>> channels = new HashMap<>();
  /** Per app, per presence channel, per user key: the user's sockets. */
  final Map<String, Map<String, Map<String, PresenceEntry>>> presence = new HashMap<>();

  public void setConnections(String app, int count) {
    if (count == 0) connections.remove(app); else connections.put(app, count);
  }

  public void setChannel(String app, String channel, int count) {
    if (count == 0) {
      Map<String, Integer> m = channels.get(app);
      if (m != null && m.remove(channel) != null && m.isEmpty()) channels.remove(app);
    } else {
      channels.computeIfAbsent(app, a -> new HashMap<>()).put(channel, count);
    }
  }

  public void setPresence(String app, String channel, String userKey, PresenceEntry entry) {
    if (entry == null || entry.sockets() == 0) {
      Map<String, Map<String, PresenceEntry>> byChannel = presence.get(app);
      if (byChannel == null) return;
      Map<String, PresenceEntry> users = byChannel.get(channel);
      if (users != null && users.remove(userKey) != null && users.isEmpty()) {
        byChannel.remove(channel);
        if (byChannel.isEmpty()) presence.remove(app);
      }
    } else {
      presence.computeIfAbsent(app, a -> new HashMap<>())
          .computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(userKey, entry);
    }
  }

  public int channel(String app, String channel) {
    return channels.getOrDefault(app, Map.of()).getOrDefault(channel, 0);
  }

  public PresenceEntry presence(String app, String channel, String userKey) {
    return presence.getOrDefault(app, Map.of()).getOrDefault(channel, Map.of()).get(userKey);
  }

  public int connections(String app) {
    return connections.getOrDefault(app, 0);
  }

  /** True when the node holds nothing. */
  public boolean isEmpty() {
    return connections.isEmpty() && channels.isEmpty() && presence.isEmpty();
  }
}
