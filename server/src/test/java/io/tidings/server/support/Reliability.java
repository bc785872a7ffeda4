package io.tidings.server.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a fault test measured, printed as one line {@code RELIABILITY <fault>: key=value …} so that
 * {@code scripts/fault-suite} (and a reader of the build log) can collect them for {@code docs/RELIABILITY.md}.
 * Figures are reported, never asserted as timings.
 */
public final class Reliability {

  private final String fault;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  private Reliability(String fault) {
    this.fault = fault;
  }

  /** Starts the figures of {@code fault} (a short name without spaces). */
  public static Reliability of(String fault) {
    return new Reliability(fault);
  }

  /** Adds a figure; order is kept. */
  public Reliability put(String key, Object value) {
    figures.put(key, value);
    return this;
  }

  /**
   * Adds what {@link SteadyTraffic#totals()} counted, under the names docs/RELIABILITY.md quotes:
   * published, refused by the API, deliveries expected and received, missing, duplicated, out of order,
   * received although not answered 200, and the longest local and cross-node delivery.
   */
  public Reliability putTraffic(Map<String, Long> totals) {
    return put("published", totals.get("published"))
        .put("refusedByApi", totals.get("refused"))
        .put("expectedDeliveries", totals.get("expected"))
        .put("received", totals.get("received"))
        .put("missing", totals.get("missing"))
        .put("duplicates", totals.get("duplicates"))
        .put("outOfOrder", totals.get("outOfOrder"))
        .put("unconfirmed", totals.get("unconfirmed"))
        .put("maxLocalLatencyMs", totals.get("maxLocalLatencyMs"))
        .put("maxCrossNodeLatencyMs", totals.get("maxCrossNodeLatencyMs"));
  }

  /** Prints the line and returns it. */
  public String print() {
    StringBuilder line = new StringBuilder("RELIABILITY ").append(fault).append(':');
    figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
    return line.toString();
  }

  /** Milliseconds since {@code startNanos}. */
  public static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
