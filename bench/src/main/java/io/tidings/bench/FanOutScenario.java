package io.tidings.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1: the highest fan-out rate a server sustains — 1 node, 1 channel, 1,000 subscribers, 100-byte
 * events published through the HTTP API — with no loss and a delivery p99 within 100 ms. A search of short
 * steps (up ×1.3 while they pass, then halving the gap; a failed step is retried once) finds the rate; it must then hold for the
 * sustain window (60 s), or it is lowered by 10 %, then by 20 % at a time, until a rate holds.
 *
 * <p>Run by one thread.
 */
public final class FanOutScenario {

  public static final int SUBSCRIBERS = 1_000;
  private static final double START_MESSAGES_PER_SECOND = 60;
  private static final double WARMUP_MESSAGES_PER_SECOND = 40;
  // Enough to pass 1M deliveries/s from 60 events/s and still bisect (a search that runs out of steps
  // while every step passes reports a floor, not a maximum).
  private static final int MAX_STEPS = 16;
  /** Sustain tries: the maximum, then −10 %, then −20 % each time (down to about a third). */
  private static final int SUSTAIN_ATTEMPTS = 6;

  /** The found maxima (deliveries/s) of each target, per round. */
  public record Result(Map<PusherTarget, List<Double>> maxima, Row row) {
    public double median(PusherTarget t) {
      return Stats.median(maxima.get(t));
    }
  }

  private final Settings settings;
  private final LoadClient client;

  public FanOutScenario(Settings settings, LoadClient client) {
    this.settings = settings;
    this.client = client;
  }

  public Result run() {
    Map<PusherTarget, List<FanOutRig.Step>> best = Rounds.alternate(settings, "1 fan-out", PusherTarget.class, (t, n) -> {
      client.rotateSources(n * 2 + t.ordinal());
      return maximum(t);
    });
    Map<PusherTarget, List<Double>> maxima = new EnumMap<>(PusherTarget.class);
    Map<PusherTarget, List<String>> notes = new EnumMap<>(PusherTarget.class);
    best.forEach((t, steps) -> {
      maxima.put(t, steps.stream().map(b -> b == null ? 0 : b.deliveriesPerSecond()).toList());
      notes.put(t, steps.stream().map(b -> b == null ? "none passed" : b.describe()).toList());
    });
    double tidings = Stats.median(maxima.get(PusherTarget.TIDINGS));
    double soketi = Stats.median(maxima.get(PusherTarget.SOKETI));
    double ratio = tidings / soketi;
    String note = "Rounds (deliveries/s sustained): Tidings " + rounded(maxima.get(PusherTarget.TIDINGS)) + ", Soketi "
        + rounded(maxima.get(PusherTarget.SOKETI)) + ". At the maximum, last round: Tidings " + last(notes.get(PusherTarget.TIDINGS))
        + "; Soketi " + last(notes.get(PusherTarget.SOKETI)) + ".";
    Row row = new Row("1", "Fan-out: 1 node, 1 channel, 1,000 subscribers, HTTP publish; max deliveries/s sustained "
        + settings.sustainNanos() / 1_000_000_000 + " s, 0 loss, p99 ≤ 100 ms", "deliveries/s", tidings, soketi,
        PusherTarget.SOKETI.label(), ratio, "≥ 1.5× Soketi", ratio >= 1.5, note, "bench/run run fanout");
    return new Result(maxima, row);
  }

  private static List<Long> rounded(List<Double> l) {
    return l.stream().map(Math::round).toList();
  }

  private static String last(List<String> l) {
    return l.isEmpty() ? "–" : l.get(l.size() - 1);
  }

  private static void print(String what, FanOutRig.Step s) {
    System.out.println("  " + what + " " + s.describe());
    System.out.println(s.details());
  }

  /** The search and the sustain window; null when nothing passed. */
  private FanOutRig.Step maximum(PusherTarget t) {
    try (FanOutRig rig = new FanOutRig(settings, client, t, SUBSCRIBERS, Map.of())) {
      rig.warmUp(WARMUP_MESSAGES_PER_SECOND);
      return maximum(settings, rig, START_MESSAGES_PER_SECOND);
    }
  }

  /**
   * On a warmed-up rig: the rate search from {@code startRate} messages/s, then the sustain window at the
   * rate found (lowered until one holds). Null when nothing passed. Shared with the Socket.IO fan-out.
   */
  static FanOutRig.Step maximum(Settings settings, FanOutRig rig, double startRate) {
    double rate = startRate;
    double pass = 0;
    double fail = Double.POSITIVE_INFINITY;
    for (int i = 0; i < MAX_STEPS; i++) {
      FanOutRig.Step s = rig.step(rate, settings.stepNanos(), null);
      print("step", s);
      if (!s.passed()) {
        // One retry: on a shared machine a step can fail on a neighbour's burst or a JIT recompilation.
        s = rig.step(rate, settings.stepNanos(), null);
        print("retry", s);
      }
      if (s.passed()) {
        pass = rate;
      } else {
        fail = rate; // the next step waits for this one's backlog to drain, or replaces the subscribers
      }
      if (fail == Double.POSITIVE_INFINITY) {
        rate = rate * 1.3;
      } else if (pass == 0) {
        rate = rate / 2;
      } else if (fail / pass < 1.06) {
        break;
      } else {
        rate = (pass + fail) / 2;
      }
    }
    // A short step can pass on a rate the server cannot hold (its backlog grows slowly): step down until
    // one holds for the whole window, so every server gets a sustained figure rather than none.
    for (int attempt = 0; attempt < SUSTAIN_ATTEMPTS && pass > 0; attempt++) {
      FanOutRig.Step s = rig.step(pass, settings.sustainNanos(), null);
      print("sustain", s);
      if (s.passed()) return s;
      pass *= attempt == 0 ? 0.9 : 0.8;
    }
    return null;
  }
}
