package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster-wide view of every app: subscriptions per channel, presence members merged by user id
 * (not summed) and connections, kept as the sum of what each node reported about itself.
 *
 * <p>It is a replicated state machine: every node applies the same messages in the bus's total order,
 * so every node holds the same view and finds the same {@link Transition}s. Each node is the authority
 * on its own part; its messages carry absolute values (its count for a channel, its sockets of a user),
 * which makes applying one idempotent and a whole-node snapshot a plain replacement.
 *
 * <p><b>Threading:</b> mutated only on the cluster state thread. The aggregates ({@link #subscriptions},
 * {@link #memberCount}, {@link #hasMember}, {@link #connections}, {@link #channels}) may be read from
 * any thread; they are weakly consistent. {@link #members} must be read on the state thread.
 */
public final class ClusterState {

  /** Per app: channel aggregates and each node's connection count. */
  private static final class AppAggregate {
    final ConcurrentHashMap<String, ChannelAggregate> channels = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();
  }

  /** One channel over the whole cluster. */
  private static final class ChannelAggregate {
    volatile int subscriptions;
    final Map<String, MemberAggregate> members = new LinkedHashMap<>(); // guarded by this
    volatile int memberCount;

    boolean isEmpty() {
      return subscriptions == 0 && memberCount == 0;
    }
  }

  /** One user in one presence channel over the whole cluster. */
  private static final class MemberAggregate {
    JsonNode userId;
    JsonNode info;
    int sockets;
  }

  private final Map<String, NodeSnapshot> nodes = new HashMap<>();
  private final ConcurrentHashMap<String, AppAggregate> apps = new ConcurrentHashMap<>();

  /** Node {@code node} now has {@code count} subscriptions to {@code channel}. */
  public List<Transition> applyChannelCount(String node, String app, String channel, int count) {
    List<Transition> out = new ArrayList<>(1);
    setChannel(node, app, channel, count, out);
    return out;
  }

  /** Node {@code node} now has {@code entry.sockets()} sockets of user {@code userKey} in {@code channel}. */
  public List<Transition> applyPresence(String node, String app, String channel, String userKey, PresenceEntry entry) {
    List<Transition> out = new ArrayList<>(1);
    setPresence(node, app, channel, userKey, entry, out);
    return out;
  }

  /** Node {@code node} now has {@code count} connections of {@code app}. */
  public void applyConnections(String node, String app, int count) {
    node(node).setConnections(app, count);
    AppAggregate a = count == 0 ? apps.get(app) : apps.computeIfAbsent(app, k -> new AppAggregate());
    if (a == null) return;
    if (count == 0) a.connections.remove(node); else a.connections.put(node, count);
  }

  /**
   * Replaces everything known about {@code node} by {@code snapshot} (null: the node is gone) and
   * returns the transitions that follow.
   */
  public List<Transition> replaceNode(String node, NodeSnapshot snapshot) {
    NodeSnapshot old = nodes.getOrDefault(node, new NodeSnapshot());
    NodeSnapshot now = snapshot == null ? new NodeSnapshot() : snapshot;
    List<Transition> out = new ArrayList<>();
    Set<String> appIds = new HashSet<>(old.channels.keySet());
    appIds.addAll(now.channels.keySet());
    for (String app : appIds) {
      Set<String> names = new HashSet<>(old.channels.getOrDefault(app, Map.of()).keySet());
      names.addAll(now.channels.getOrDefault(app, Map.of()).keySet());
      for (String channel : names) setChannel(node, app, channel, now.channel(app, channel), out);
    }
    appIds = new HashSet<>(old.presence.keySet());
    appIds.addAll(now.presence.keySet());
    for (String app : appIds) {
      Set<String> names = new HashSet<>(old.presence.getOrDefault(app, Map.of()).keySet());
      names.addAll(now.presence.getOrDefault(app, Map.of()).keySet());
      for (String channel : names) {
        Map<String, PresenceEntry> oldUsers = new LinkedHashMap<>(old.presence.getOrDefault(app, Map.of()).getOrDefault(channel, Map.of()));
        Map<String, PresenceEntry> newUsers = now.presence.getOrDefault(app, Map.of()).getOrDefault(channel, Map.of());
        for (var e : newUsers.entrySet()) setPresence(node, app, channel, e.getKey(), e.getValue(), out);
        for (var e : oldUsers.entrySet()) {
          if (!newUsers.containsKey(e.getKey())) setPresence(node, app, channel, e.getKey(), null, out);
        }
      }
    }
    Set<String> connApps = new HashSet<>(old.connections.keySet());
    connApps.addAll(now.connections.keySet());
    for (String app : connApps) applyConnections(node, app, now.connections(app));
    if (snapshot == null) nodes.remove(node);
    return out;
  }

  /** True when something is known about {@code node}. */
  public boolean knows(String node) {
    NodeSnapshot s = nodes.get(node);
    return s != null && !s.isEmpty();
  }

  /** The nodes something is known about. State thread only. */
  public Set<String> nodes() {
    return Set.copyOf(nodes.keySet());
  }

  /** Subscriptions to {@code channel} over the cluster. Any thread. */
  public int subscriptions(String app, String channel) {
    ChannelAggregate c = channel(app, channel);
    return c == null ? 0 : c.subscriptions;
  }

  /** Distinct users in a presence channel over the cluster. Any thread. */
  public int memberCount(String app, String channel) {
    ChannelAggregate c = channel(app, channel);
    return c == null ? 0 : c.memberCount;
  }

  /** True when user {@code userKey} is a member of {@code channel} anywhere. Any thread. */
  public boolean hasMember(String app, String channel, String userKey) {
    ChannelAggregate c = channel(app, channel);
    if (c == null) return false;
    synchronized (c) {
      return c.members.containsKey(userKey);
    }
  }

  /** The members of a presence channel, in the order they first joined. Any thread. */
  public List<PresenceMember> members(String app, String channel) {
    ChannelAggregate c = channel(app, channel);
    if (c == null) return List.of();
    synchronized (c) {
      List<PresenceMember> list = new ArrayList<>(c.members.size());
      for (MemberAggregate m : c.members.values()) list.add(new PresenceMember(m.userId, m.info));
      return list;
    }
  }

  /** Connections of {@code app} on every node except {@code exceptNode}. Any thread. */
  public int connections(String app, String exceptNode) {
    AppAggregate a = apps.get(app);
    if (a == null) return 0;
    int sum = 0;
    for (var e : a.connections.entrySet()) {
      if (!e.getKey().equals(exceptNode)) sum += e.getValue();
    }
    return sum;
  }

  /** Every channel of {@code app} with at least one subscription, with its count. Any thread. */
  public Map<String, Integer> channels(String app) {
    AppAggregate a = apps.get(app);
    if (a == null) return Map.of();
    Map<String, Integer> result = new java.util.TreeMap<>();
    a.channels.forEach((name, c) -> {
      int n = c.subscriptions;
      if (n > 0) result.put(name, n);
    });
    return result;
  }

  private ChannelAggregate channel(String app, String channel) {
    AppAggregate a = apps.get(app);
    return a == null ? null : a.channels.get(channel);
  }

  private NodeSnapshot node(String node) {
    return nodes.computeIfAbsent(node, n -> new NodeSnapshot());
  }

  private void setChannel(String node, String app, String channel, int count, List<Transition> out) {
    NodeSnapshot record = node(node);
    int old = record.channel(app, channel);
    if (old == count) return;
    record.setChannel(app, channel, count);
    AppAggregate a = apps.computeIfAbsent(app, k -> new AppAggregate());
    ChannelAggregate c = a.channels.computeIfAbsent(channel, k -> new ChannelAggregate());
    int before = c.subscriptions;
    int after = before + count - old;
    c.subscriptions = after;
    if (before == 0 && after > 0) out.add(new Transition.Occupied(app, channel));
    if (before > 0 && after == 0) out.add(new Transition.Vacated(app, channel));
    if (c.isEmpty()) a.channels.remove(channel, c);
  }

  private void setPresence(String node, String app, String channel, String userKey, PresenceEntry entry,
      List<Transition> out) {
    NodeSnapshot record = node(node);
    PresenceEntry oldEntry = record.presence(app, channel, userKey);
    int old = oldEntry == null ? 0 : oldEntry.sockets();
    int now = entry == null ? 0 : entry.sockets();
    record.setPresence(app, channel, userKey, entry);
    if (old == now && (entry == null || oldEntry == null || java.util.Objects.equals(oldEntry.info(), entry.info()))) {
      return;
    }
    AppAggregate a = apps.computeIfAbsent(app, k -> new AppAggregate());
    ChannelAggregate c = a.channels.computeIfAbsent(channel, k -> new ChannelAggregate());
    synchronized (c) {
      MemberAggregate m = c.members.get(userKey);
      int before = m == null ? 0 : m.sockets;
      int after = before + now - old;
      if (m == null && after > 0) {
        m = new MemberAggregate();
        c.members.put(userKey, m);
      }
      if (m != null) {
        m.sockets = after;
        if (entry != null && now > 0) {
          m.userId = entry.userId();
          m.info = entry.info();
        }
        if (before == 0 && after > 0) out.add(new Transition.MemberAdded(app, channel, new PresenceMember(m.userId, m.info)));
        if (before > 0 && after <= 0) {
          c.members.remove(userKey);
          out.add(new Transition.MemberRemoved(app, channel, new PresenceMember(m.userId, m.info)));
        }
      }
      c.memberCount = c.members.size();
    }
    if (c.isEmpty()) a.channels.remove(channel, c);
  }
}
