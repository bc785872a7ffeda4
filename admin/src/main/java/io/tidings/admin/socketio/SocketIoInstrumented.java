package io.tidings.admin.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.admin.model.AdminFeature;
import io.tidings.admin.model.AdminHandshake;
import io.tidings.admin.model.AdminListener;
import io.tidings.admin.model.AdminSocket;
import io.tidings.admin.model.AggregatedEvents;
import io.tidings.admin.model.InstrumentedServer;
import io.tidings.admin.model.NamespaceCount;
import io.tidings.socketio.Args;
import io.tidings.socketio.BroadcastOperator;
import io.tidings.socketio.Handshake;
import io.tidings.socketio.Namespace;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Tidings Socket.IO server as the admin UI shows it, over its public API: its namespaces and their
 * sockets (with the first 12 characters of their connection's id, their transport, data, handshake and
 * rooms), the per-second packets and bytes (from the server's meters) and connections (counted with a
 * client's first socket, and gone with its last, with that socket's reason), and in development mode the live
 * events: each socket's connection, its events in ({@code onAny}) and out ({@code onAnyOutgoing}), its
 * disconnection, and — when the server was built with {@link RoomWatchingAdapter#around} — its rooms
 * joined and left. Every action is offered and applied to this node's sockets only ({@code local()}); the
 * admin namespace sends it to the other nodes itself.
 *
 * <p>Made after the server is attached or listening (the namespaces' adapters exist from then on).
 *
 * <p><b>Threading:</b> thread-safe; the live events come from the sockets' threads.
 */
public final class SocketIoInstrumented implements InstrumentedServer {

  private final SocketIoServer io;
  private final String adminNamespace;
  private final AggregatedEvents events = new AggregatedEvents();
  private final CounterDeltas deltas;
  private volatile AdminListener listener = AdminListener.NONE;
  /** Namespaces whose connections are watched already. */
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  /** Connected sockets per client connection (by {@link Socket#clientId()}). */
  private final ConcurrentHashMap<String, Integer> clients = new ConcurrentHashMap<>();

  /**
   * @param adminNamespace the admin namespace's name: its sockets are listed, as Node lists them, but their
   *                       events are not streamed (they would stream themselves)
   */
  public SocketIoInstrumented(SocketIoServer io, String adminNamespace) {
    this.io = io;
    this.adminNamespace = adminNamespace;
    this.deltas = new CounterDeltas(io.metrics().registry());
    // Hooked from the start, so that sockets connected before anyone watches are seen once someone does.
    io.onNewNamespace(this::watch);
    for (Namespace n : io.namespaces()) watch(n);
  }

  @Override
  public List<NamespaceCount> namespaces() {
    List<NamespaceCount> out = new ArrayList<>();
    for (Namespace n : io.namespaces()) out.add(new NamespaceCount(n.name(), n.sockets().size()));
    return out;
  }

  @Override
  public CompletionStage<List<AdminSocket>> sockets() {
    List<AdminSocket> out = new ArrayList<>();
    for (Namespace n : io.namespaces()) {
      for (Socket s : n.sockets().values()) out.add(socket(s));
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public int clientsCount() {
    return io.metrics().connections();
  }

  @Override
  public int pollingClientsCount() {
    Set<String> polling = new HashSet<>();
    for (Namespace n : io.namespaces()) {
      for (Socket s : n.sockets().values()) if (s.transport().equals("polling")) polling.add(s.clientId());
    }
    return polling.size();
  }

  @Override
  public AggregatedEvents aggregatedEvents() {
    deltas.addTo(events);
    return events;
  }

  @Override
  public Set<AdminFeature> actions() {
    return EnumSet.of(AdminFeature.EMIT, AdminFeature.JOIN, AdminFeature.LEAVE, AdminFeature.DISCONNECT,
        AdminFeature.MJOIN, AdminFeature.MLEAVE, AdminFeature.MDISCONNECT);
  }

  @Override
  public void listen(AdminListener listener) {
    this.listener = listener;
  }

  private void watch(Namespace nsp) {
    if (!watched.add(nsp.name())) return;
    if (nsp.adapter() instanceof RoomWatchingAdapter rooms) {
      rooms.listen(new RoomWatchingAdapter.RoomListener() {
        @Override public void joined(String n, String room, String id) { listener.roomJoined(n, room, id); }
        @Override public void left(String n, String room, String id) { listener.roomLeft(n, room, id); }
      });
    }
    nsp.on("connection", socket -> {
      // A connection is counted with its first socket and gone with its last (the UI's connection chart).
      if (clients.merge(socket.clientId(), 1, Integer::sum) == 1) events.add("rawConnection", null);
      AdminListener l = listener;
      if (l != AdminListener.NONE) l.socketConnected(socket(socket));
      if (!nsp.name().equals(adminNamespace)) {
        socket.onAny((event, args) -> listener.eventReceived(nsp.name(), socket.id(), withName(event, args)));
        socket.onAnyOutgoing((event, args) -> listener.eventSent(nsp.name(), socket.id(), withName(event, args)));
      }
      socket.on("disconnect", (args, ack) -> {
        String reason = args.getString(0);
        if (clients.computeIfPresent(socket.clientId(), (id, n) -> n == 1 ? null : n - 1) == null) {
          events.add("rawDisconnection", reason);
        }
        listener.socketDisconnected(nsp.name(), socket.id(), reason);
      });
    });
  }

  private static List<Object> withName(String event, Args args) {
    List<Object> out = new ArrayList<>(args.size() + 1);
    out.add(event);
    for (JsonNode a : args) out.add(a);
    return out;
  }

  // ---- actions, on this node's sockets ----

  @Override
  public void join(String nsp, String room, String filter) {
    BroadcastOperator op = local(nsp, filter);
    if (op != null) op.socketsJoin(room);
  }

  @Override
  public void leave(String nsp, String room, String filter) {
    BroadcastOperator op = local(nsp, filter);
    if (op != null) op.socketsLeave(room);
  }

  @Override
  public void disconnect(String nsp, boolean close, String filter) {
    BroadcastOperator op = local(nsp, filter);
    if (op != null) op.disconnectSockets(close);
  }

  @Override
  public void emit(String nsp, String filter, List<Object> args) {
    BroadcastOperator op = local(nsp, filter);
    if (op == null || args.isEmpty()) return;
    Object name = args.get(0);
    String event = name instanceof JsonNode n ? n.asText() : String.valueOf(name);
    op.emit(event, args.subList(1, args.size()).toArray());
  }

  /** This node's sockets of namespace {@code name} (never made here), in room {@code filter} when not null. */
  private BroadcastOperator local(String name, String filter) {
    for (Namespace n : io.namespaces()) {
      if (n.name().equals(name)) return filter == null ? n.local() : n.local().in(filter);
    }
    return null;
  }

  // ---- a socket as the UI sees it ----

  private static AdminSocket socket(Socket s) {
    Handshake h = s.handshake();
    AdminHandshake handshake = new AdminHandshake(AdminHandshake.clientAddress(h.headers(), h.address()), h.headers(),
        h.query(), h.issued(), h.secure(), h.url(), h.xdomain());
    return new AdminSocket(s.id(), s.clientId(), s.transport(), s.nsp().name(), data(s.data()), handshake,
        new ArrayList<>(s.rooms()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Object data) {
    if (data == null) return Map.of();
    if (data instanceof Map<?, ?> m) return new LinkedHashMap<>((Map<String, Object>) m);
    return Map.of("value", data);
  }

  /** The server's packet and byte counters, as per-second counts since the last look. */
  private static final class CounterDeltas {
    private final Counter packetsIn;
    private final Counter packetsOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final double[] last = new double[4];

    CounterDeltas(MeterRegistry registry) {
      packetsIn = registry.find("socketio.packets.in").counter();
      packetsOut = registry.find("socketio.packets.out").counter();
      bytesIn = registry.find("socketio.bytes.in").counter();
      bytesOut = registry.find("socketio.bytes.out").counter();
    }

    synchronized void addTo(AggregatedEvents events) {
      add(events, "packetsIn", packetsIn, 0);
      add(events, "packetsOut", packetsOut, 1);
      add(events, "bytesIn", bytesIn, 2);
      add(events, "bytesOut", bytesOut, 3);
    }

    private void add(AggregatedEvents events, String type, Counter c, int slot) {
      if (c == null) return;
      double now = c.count();
      long delta = (long) (now - last[slot]);
      last[slot] = now;
      if (delta > 0) events.add(type, null, delta);
    }
  }
}
