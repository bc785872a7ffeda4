package io.tidings.bench;

import java.util.Map;

/** The two Pusher servers the single-node scenarios compare, and how to start each. Stateless. */
public enum PusherTarget implements ServerTarget {
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

  @Override
  public ManagedProcess start(Settings s, int port, Map<String, String> env) {
    return this == TIDINGS ? Servers.tidings(s, "tidings", s.serverCpus(), port, env)
        : Servers.soketi(s, s.serverCpus(), port, env);
  }

  public SubscriberProtocol protocol(String channel) {
    return SubscriberProtocol.pusher(Servers.APP_KEY, channel);
  }

  @Override
  public SubscriberProtocol protocol() {
    return protocol(FanOutRig.CHANNEL);
  }

  /** The open-loop HTTP publisher to the benchmark channel, over one keep-alive connection per step. */
  @Override
  public StepPublisher publisher(LoadClient client, int port) {
    OpenLoopPublisher p = new OpenLoopPublisher(client, 0, "127.0.0.1", port, () -> requests(port, FanOutRig.CHANNEL));
    p.open(1);
    return p;
  }

  @Override
  public boolean jvm() {
    return this == TIDINGS;
  }

  public PublishRequests.Pusher requests(int port, String channel) {
    return new PublishRequests.Pusher("127.0.0.1", port, Servers.APP_ID, Servers.APP_KEY, Servers.APP_SECRET, channel);
  }
}
