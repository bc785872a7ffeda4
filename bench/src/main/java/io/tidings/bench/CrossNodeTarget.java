package io.tidings.bench;

import java.util.Map;

/**
 * The clusters the cross-node scenarios compare: two Tidings nodes on the PostgreSQL bus, the same with
 * the replay ring turned off (what no-loss-across-a-gap costs), and two Node socket.io 4.8 nodes on
 * {@code @socket.io/postgres-adapter} 0.5. Stateless.
 */
public enum CrossNodeTarget implements Rounds.Target {
  TIDINGS("Tidings"),
  TIDINGS_NO_REPLAY("Tidings, replay off"),
  SOCKET_IO("socket.io 4.8 + postgres-adapter 0.5");

  private final String label;

  CrossNodeTarget(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }

  /** Starts node {@code name} on {@code port} pinned to {@code cpus}, clustered through {@code database}. */
  public ManagedProcess start(Settings s, String name, String cpus, int port, String database) {
    if (this == SOCKET_IO) return Servers.socketIo(s, name, cpus, port, database);
    return Servers.tidings(s, name, cpus, port, Map.of(
        "SOKETI_ADAPTER_DRIVER", "postgres",
        "SOKETI_DB_POSTGRES_HOST", Postgres.HOST,
        "SOKETI_DB_POSTGRES_PORT", Integer.toString(Postgres.PORT),
        "SOKETI_DB_POSTGRES_USERNAME", Postgres.USER,
        "SOKETI_DB_POSTGRES_PASSWORD", "",
        "SOKETI_DB_POSTGRES_DATABASE", database,
        "SOKETI_ADAPTER_POSTGRES_REPLAY_WINDOW", this == TIDINGS_NO_REPLAY ? "0" : "30000"));
  }

  /** Whether this is a Tidings cluster (held to in-order delivery, two bus sessions per node). */
  public boolean isTidings() {
    return this != SOCKET_IO;
  }

  public SubscriberProtocol protocol() {
    return this == SOCKET_IO ? SubscriberProtocol.socketIo() : SubscriberProtocol.pusher(Servers.APP_KEY, FanOutRig.CHANNEL);
  }

  public PublishRequests requests(int port) {
    return this == SOCKET_IO ? new PublishRequests.SocketIo("127.0.0.1", port)
        : new PublishRequests.Pusher("127.0.0.1", port, Servers.APP_ID, Servers.APP_KEY, Servers.APP_SECRET,
            FanOutRig.CHANNEL);
  }
}
