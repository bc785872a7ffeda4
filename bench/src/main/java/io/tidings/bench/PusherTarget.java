package io.tidings.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The two Pusher servers the single-node scenarios compare, and how to start each. Stateless. */
public enum PusherTarget {
  TIDINGS("Tidings"),
  SOKETI("Soketi 1.6.1");

  private final String label;

  PusherTarget(String label) {
    this.label = label;
  }

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

  /**
   * Runs {@code round} for each server in turn, round after round ({@code settings.rounds()} of them), so
   * both see the same machine conditions; prints a header line before each. Returns every target's rounds
   * in order.
   */
  public static <R> Map<PusherTarget, List<R>> alternate(Settings settings, String scenario,
      BiFunction<PusherTarget, Integer, R> round) {
    Map<PusherTarget, List<R>> rounds = new EnumMap<>(PusherTarget.class);
    for (PusherTarget t : values()) rounds.put(t, new ArrayList<>());
    for (int n = 1; n <= settings.rounds(); n++) {
      for (PusherTarget t : values()) {
        System.out.printf("%n[%s] round %d, %s%n", scenario, n, t.label());
        rounds.get(t).add(round.apply(t, n));
      }
    }
    return rounds;
  }
}
