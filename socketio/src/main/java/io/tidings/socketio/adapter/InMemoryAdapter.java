package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.parser.Packet;
import io.tidings.transport.fanout.FrameSource;
import io.tidings.transport.fanout.Membership;
import io.tidings.transport.fanout.RoomRegistry;
import io.tidings.transport.websocket.WebSocketFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of a single node (Node's in-memory {@code Adapter} with its {@code SessionAwareAdapter}): the
 * namespace's rooms in this process, and broadcasts that encode their packet once and reach each socket
 * through the transport's {@link RoomRegistry}.
 *
 * <p><b>Algorithm.</b> Two views of the same memberships. An index ({@code room → socket ids},
 * {@code socket id → rooms}, concurrent maps) answers {@link #sockets}, {@link #socketRooms} and every
 * operation that must visit sockets one by one (acknowledged broadcasts, {@code fetchSockets},
 * {@code socketsJoin}, …). The {@link RoomRegistry} does the plain broadcasts: each socket is a member of
 * the registry room {@code "r" + room} for each of its rooms and of {@code "a"} (the whole namespace), so a
 * user's room names can never collide with the namespace-wide one; {@code to(a).to(b).except(c)} is the
 * registry's union-minus broadcast, which reaches each socket once.
 *
 * <p>With connection state recovery on ({@link NamespaceContext#maxDisconnectionDuration()} not null), each
 * broadcast EVENT without acknowledgement and not volatile gets an offset appended to its data and is kept,
 * with its options, for that long, so that {@link #restoreSession} can hand a returning client what it
 * missed; disconnected sessions are kept as long.
 *
 * <p><b>Threading:</b> as {@link Adapter} states: joins and leaves on the socket's loop, everything else
 * from any thread. The index's sets are concurrent; the registry confines each membership to its loop.
 */
public final class InMemoryAdapter implements Adapter {

  /** Makes an {@link InMemoryAdapter} per namespace: the default. */
  public static final AdapterFactory FACTORY = InMemoryAdapter::new;

  private static final String ALL = "a";
  private static final String ROOM_PREFIX = "r";

  private final NamespaceContext nsp;
  private final RoomRegistry<Membership> registry;
  private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SocketRooms> sids = new ConcurrentHashMap<>();
  private final RecoveryBuffer recovery;

  public InMemoryAdapter(NamespaceContext nsp) {
    this.nsp = nsp;
    this.registry = new RoomRegistry<>(nsp.loops(), nsp.deliveries());
    Duration keep = nsp.maxDisconnectionDuration();
    this.recovery = keep == null ? null : new RecoveryBuffer(keep);
  }

  /**
   * One socket's memberships of the registry: changed on the socket's loop only, read from any thread
   * ({@link #socketRooms}).
   */
  private static final class SocketRooms {
    /** Past this many rooms a socket's map is a concurrent one changed in place, not a snapshot copied. */
    private static final int SNAPSHOT_MAX = 8;

    final Membership all;
    /**
     * Room → membership. Up to {@link #SNAPSHOT_MAX} rooms an immutable snapshot (the JDK's compact maps)
     * replaced on each change: the usual socket is in two or three rooms (its own, the application's one or
     * two), and a concurrent map with its table and nodes would cost each idle socket about 100 bytes more.
     * Past that a {@link ConcurrentHashMap}, so that a socket in many rooms never copies them all per join.
     */
    private volatile Map<String, Membership> byRoom = Map.of();

    SocketRooms(Membership all) {
      this.all = all;
    }

    Map<String, Membership> view() {
      return byRoom;
    }

    void put(String room, Membership m) {
      Map<String, Membership> now = byRoom;
      if (now instanceof ConcurrentHashMap<String, Membership> big) {
        big.put(room, m);
      } else if (now.size() >= SNAPSHOT_MAX) {
        ConcurrentHashMap<String, Membership> big = new ConcurrentHashMap<>(now);
        big.put(room, m);
        byRoom = big;
      } else {
        Map<String, Membership> copy = new HashMap<>(now);
        copy.put(room, m);
        byRoom = Map.copyOf(copy);
      }
    }

    Membership remove(String room) {
      Map<String, Membership> now = byRoom;
      if (now instanceof ConcurrentHashMap<String, Membership> big) return big.remove(room);
      Membership m = now.get(room);
      if (m == null) return null;
      Map<String, Membership> copy = new HashMap<>(now);
      copy.remove(room);
      byRoom = Map.copyOf(copy);
      return m;
    }

    /** Forgets every room (the caller has left them in the registry). */
    void clear() {
      byRoom = Map.of();
    }
  }

  @Override
  public void addAll(String id, Set<String> roomNames) {
    SocketRooms mine = sids.get(id);
    if (mine == null) {
      LocalSocket socket = nsp.socket(id);
      if (socket == null) return; // gone already
      mine = new SocketRooms(registry.join(new Membership(socket.recipient()), ALL));
      sids.put(id, mine);
    }
    for (String room : roomNames) {
      if (mine.view().containsKey(room)) continue;
      mine.put(room, registry.join(new Membership(mine.all.recipient()), ROOM_PREFIX + room));
      rooms.compute(room, (r, members) -> {
        // a room of one member (every socket's own room) is an immutable one-element set, the rest concurrent
        // sets; both change only inside compute, under the map's lock for the room
        if (members == null) return Set.of(id);
        if (members instanceof ConcurrentHashMap.KeySetView<?, ?>) {
          members.add(id);
          return members;
        }
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.addAll(members);
        set.add(id);
        return set;
      });
    }
  }

  @Override
  public void del(String id, String room) {
    SocketRooms mine = sids.get(id);
    if (mine == null) return;
    Membership m = mine.remove(room);
    if (m == null) return;
    registry.leave(m);
    removeFromIndex(id, room);
  }

  @Override
  public void delAll(String id) {
    SocketRooms mine = sids.remove(id);
    if (mine == null) return;
    for (Map.Entry<String, Membership> e : mine.view().entrySet()) {
      registry.leave(e.getValue());
      removeFromIndex(id, e.getKey());
    }
    mine.clear();
    registry.leave(mine.all);
  }

  private void removeFromIndex(String id, String room) {
    rooms.computeIfPresent(room, (r, members) -> {
      if (members instanceof ConcurrentHashMap.KeySetView<?, ?>) {
        members.remove(id);
        return members.isEmpty() ? null : members;
      }
      return members.contains(id) ? null : members; // the one-element set
    });
  }

  @Override
  public void broadcast(Packet packet, BroadcastOptions opts) {
    Packet out = recovery != null && !opts.flags().isVolatile() && packet.id() == null
        ? recovery.stamp(packet, opts)
        : packet;
    deliver(out, opts);
  }

  /**
   * Sends {@code packet} as it is to this node's sockets {@code opts} names, each once, encoded once: the
   * broadcast without recovery's bookkeeping (Node's plain {@code Adapter.broadcast}). For a cluster adapter
   * that keeps its own offsets: it appends the offset itself, then delivers here. Any thread.
   */
  public void deliver(Packet packet, BroadcastOptions opts) {
    boolean isVolatile = opts.flags().isVolatile();
    boolean watched = nsp.watchesOutgoing();
    if (isVolatile || watched) {
      // socket by socket: only the connections that can take it now get a volatile packet, and the sockets'
      // onAnyOutgoing listeners see what reaches them
      List<LocalSocket> targets = matching(opts);
      if (targets.isEmpty()) return;
      List<EncodedPacket> encoded = nsp.parser().encode(packet);
      for (LocalSocket socket : targets) {
        if (watched) socket.notifyOutgoing(packet);
        if (isVolatile) socket.writeVolatile(encoded); else socket.write(encoded);
      }
      return;
    }
    FrameSource frames = () -> frames(nsp.parser().encode(packet));
    if (opts.rooms().isEmpty() && opts.except().isEmpty()) {
      registry.broadcast(ALL, frames, null);
      return;
    }
    List<String> union = new ArrayList<>(Math.max(1, opts.rooms().size()));
    if (opts.rooms().isEmpty()) {
      union.add(ALL);
    } else {
      for (String r : opts.rooms()) union.add(ROOM_PREFIX + r);
    }
    List<String> except = new ArrayList<>(opts.except().size());
    for (String r : opts.except()) except.add(ROOM_PREFIX + r);
    registry.broadcast(union, except, frames);
  }

  private static ByteBuf[] frames(List<EncodedPacket> messages) {
    ByteBuf[] frames = new ByteBuf[messages.size()];
    for (int i = 0; i < frames.length; i++) {
      EncodedPacket m = messages.get(i);
      frames[i] = m.isBinary()
          ? WebSocketFrames.binary(ByteBufAllocator.DEFAULT, m.webSocketPayload())
          : WebSocketFrames.text(ByteBufAllocator.DEFAULT, m.webSocketPayload());
    }
    return frames;
  }

  @Override
  public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack) {
    List<LocalSocket> targets = matching(opts);
    if (!targets.isEmpty()) {
      long id = nsp.nextAckId();
      List<EncodedPacket> encoded = nsp.parser().encode(new Packet(packet.type(), packet.nsp(), packet.data(), id));
      for (LocalSocket socket : targets) {
        socket.expectAck(id, args -> ack.accept(args.isEmpty() ? MissingNode.getInstance() : args.get(0)));
        socket.write(encoded);
      }
    }
    clientCount.accept(targets.size());
  }

  /** This node's sockets {@code opts} names, each once. */
  private List<LocalSocket> matching(BroadcastOptions opts) {
    Set<String> excluded = new HashSet<>();
    for (String r : opts.except()) {
      Set<String> members = rooms.get(r);
      if (members != null) excluded.addAll(members);
    }
    Set<String> ids = new LinkedHashSet<>();
    if (opts.rooms().isEmpty()) {
      ids.addAll(sids.keySet());
    } else {
      for (String r : opts.rooms()) {
        Set<String> members = rooms.get(r);
        if (members != null) ids.addAll(members);
      }
    }
    List<LocalSocket> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (excluded.contains(id)) continue;
      LocalSocket s = nsp.socket(id);
      if (s != null) out.add(s);
    }
    return out;
  }

  @Override
  public Set<String> sockets(Set<String> roomNames) {
    if (roomNames.isEmpty()) return Set.copyOf(sids.keySet());
    Set<String> out = new HashSet<>();
    for (String r : roomNames) {
      Set<String> members = rooms.get(r);
      if (members != null) out.addAll(members);
    }
    return out;
  }

  @Override
  public Set<String> socketRooms(String id) {
    SocketRooms mine = sids.get(id);
    return mine == null ? null : Set.copyOf(mine.view().keySet());
  }

  /** Every room that has a socket of this node (Node's {@code adapter.rooms} keys). Any thread; a snapshot. */
  public Set<String> rooms() {
    return Set.copyOf(rooms.keySet());
  }

  @Override
  public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
    List<SocketDetails> out = new ArrayList<>();
    for (LocalSocket s : matching(opts)) out.add(s.details());
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public void addSockets(BroadcastOptions opts, Set<String> roomNames) {
    for (LocalSocket s : matching(opts)) s.join(roomNames);
  }

  @Override
  public void delSockets(BroadcastOptions opts, Set<String> roomNames) {
    for (LocalSocket s : matching(opts)) {
      for (String r : roomNames) s.leave(r);
    }
  }

  @Override
  public void disconnectSockets(BroadcastOptions opts, boolean close) {
    for (LocalSocket s : matching(opts)) s.disconnect(close);
  }

  @Override
  public void serverSideEmit(ArrayNode args) {
    // no other server
  }

  @Override
  public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, Duration timeout) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletableFuture<Integer> serverCount() {
    return CompletableFuture.completedFuture(1);
  }

  @Override
  public void persistSession(Sessions.Persisted session) {
    if (recovery != null) recovery.persist(session);
  }

  @Override
  public CompletableFuture<Sessions.Restored> restoreSession(String pid, String offset) {
    return CompletableFuture.completedFuture(recovery == null ? null : recovery.restore(pid, offset));
  }
}
