package io.tidings.bench;

import java.util.Map;

/**
 * A single-node server the fan-out, latency, memory and accept scenarios can measure, whatever its
 * protocol: how to start it, how a subscriber joins the benchmark channel or room, and how messages are
 * published to it. Implemented by {@link PusherTarget} and {@link SocketIoTarget}; stateless.
 */
public interface ServerTarget extends Rounds.Target {

  /** Starts the server on {@code port} with {@code env} added, pinned to the settings' server cores. */
  ManagedProcess start(Settings s, int port, Map<String, String> env);

  /** How a subscriber joins the benchmark channel (Pusher) or room (Socket.IO). */
  SubscriberProtocol protocol();

  /** A publisher of benchmark messages to the server on {@code port}, driven from load-generator loop 0. */
  StepPublisher publisher(LoadClient client, int port);

  /** Whether the server is a JVM (heap and GC can then be read with {@code jstat} and {@code jcmd}). */
  boolean jvm();

  /** A short name for log and sample files. */
  default String fileName() {
    return label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
