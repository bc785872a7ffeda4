package io.tidings.bench;

import java.util.Map;

/**
 * The single-node Socket.IO servers the Socket.IO scenarios compare, each with the same three handlers
 * (join the room {@code bench} on connect; {@code publish} → {@code bench} to the room, sender excepted;
 * {@code ack} → acknowledged): Tidings' {@code SocketIoServer} ({@code targets.SocketIoBenchServer}, run
 * from the bench jar with the launcher's JVM flags), Node socket.io 4.8.4 with its in-memory adapter
 * ({@code bench/peers/socketio/single.js}) and netty-socketio 2.0.14 ({@code bench/peers/netty-socketio}).
 * Clients connect with Engine.IO v4 over a raw WebSocket ({@code EIO=4&transport=websocket}). Stateless.
 */
public enum SocketIoTarget implements ServerTarget {
  TIDINGS("Tidings"),
  NODE("socket.io 4.8.4 (Node)"),
  NETTY_SOCKETIO("netty-socketio 2.0.14");

  private final String label;

  SocketIoTarget(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public ManagedProcess start(Settings s, int port, Map<String, String> env) {
    return switch (this) {
      case TIDINGS -> Servers.tidingsSocketIo(s, s.serverCpus(), port);
      case NODE -> Servers.socketIoSingle(s, s.serverCpus(), port);
      case NETTY_SOCKETIO -> Servers.nettySocketIo(s, s.serverCpus(), port);
    };
  }

  @Override
  public SubscriberProtocol protocol() {
    return SubscriberProtocol.socketIo();
  }

  @Override
  public StepPublisher publisher(LoadClient client, int port) {
    return new SocketIoPublisher(client, "127.0.0.1", port);
  }

  @Override
  public boolean jvm() {
    return this != NODE;
  }

  /** The target a command-line name stands for: {@code tidings}, {@code node} or {@code netty-socketio}. */
  public static SocketIoTarget named(String name) {
    return switch (name) {
      case "tidings" -> TIDINGS;
      case "node" -> NODE;
      case "netty-socketio" -> NETTY_SOCKETIO;
      default -> throw new IllegalArgumentException("unknown Socket.IO server \"" + name
          + "\" (tidings, node, netty-socketio)");
    };
  }

  /** Whether this is Tidings (whose figures the rows compare with each peer's). */
  public boolean isTidings() {
    return this == TIDINGS;
  }
}
