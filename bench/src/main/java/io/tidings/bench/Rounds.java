package io.tidings.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs a scenario's rounds: each server of the comparison in turn, round after round, so that Tidings
 * and its peer see the same machine conditions. Stateless; called by the one bench thread.
 */
final class Rounds {

  /** A server (or cluster) a scenario measures. */
  interface Target {
    String label();
  }

  private Rounds() {}

  /**
   * Runs {@code round} (given the target and the round's number, from 1) for every constant of
   * {@code targets}, {@code settings.rounds()} times, printing a header line before each. Returns every
   * target's results in round order (a result may be null).
   */
  static <T extends Enum<T> & Target, R> Map<T, List<R>> alternate(Settings settings, String scenario, Class<T> targets,
      BiFunction<T, Integer, R> round) {
    Map<T, List<R>> results = new EnumMap<>(targets);
    for (T t : targets.getEnumConstants()) results.put(t, new ArrayList<>());
    for (int n = 1; n <= settings.rounds(); n++) {
      for (T t : targets.getEnumConstants()) {
        System.out.printf("%n[%s] round %d, %s%n", scenario, n, t.label());
        results.get(t).add(round.apply(t, n));
      }
    }
    return results;
  }
}
