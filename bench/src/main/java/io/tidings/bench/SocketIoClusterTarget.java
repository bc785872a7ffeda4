package io.tidings.bench;

/**
 * The two-node Socket.IO clusters issue 13 compares, on one PostgreSQL database, publishing on node A and
 * receiving on node B: two Tidings nodes (the PostgreSQL adapter), two Node socket.io 4.8 nodes
 * ({@code @socket.io/postgres-adapter} 0.5, {@code bench/peers/socketio/server.js}), and a mixed pair
 * (Tidings A, Node B: the wire compatibility under load). Every node has the bench's handlers. Stateless.
 */
public enum SocketIoClusterTarget implements Rounds.Target {
  TIDINGS("Tidings ↔ Tidings"),
  NODE("Node ↔ Node (socket.io 4.8 + postgres-adapter 0.5)"),
  MIXED("Tidings → Node");

  private final String label;

  SocketIoClusterTarget(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }

  /** Starts node A ({@code a}) or B on {@code port} pinned to {@code cpus}, clustered through {@code database}. */
  public ManagedProcess start(Settings s, boolean a, String cpus, int port, String database) {
    boolean tidings = this == TIDINGS || (this == MIXED && a);
    String name = (tidings ? "tidings-socketio-" : "socketio-") + (a ? "a" : "b");
    return tidings ? Servers.tidingsSocketIoNode(s, name, cpus, port, database) : Servers.socketIo(s, name, cpus, port, database);
  }
}
