package io.tidings.bench;

import java.util.Map;

/** The two Pusher servers the single-node scenarios compare, and how to start each. Stateless. */
public enum PusherTarget implements Rounds.Target {
  TIDINGS("Tidings"),
  SOKETI("Soketi 1.6.1");

  private final String label;

  PusherTarget(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }

  /** Starts this server on {@code port} with {@code env} added, pinned to the settings' server cores. */
  public ManagedProcess start(Settings s, int port, Map<String, String> env) {
    return this == TIDINGS ? Servers.tidings(s, "tidings", s.serverCpus(), port, env)
        : Servers.soketi(s, s.serverCpus(), port, env);
  }

  public SubscriberProtocol protocol(String channel) {
    return SubscriberProtocol.pusher(Servers.APP_KEY, channel);
  }

  public PublishRequests.Pusher requests(int port, String channel) {
    return new PublishRequests.Pusher("127.0.0.1", port, Servers.APP_ID, Servers.APP_KEY, Servers.APP_SECRET, channel);
  }
}
