package io.tidings.server.support;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads samples out of a Prometheus text exposition, as a scraper would. */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The value of the sample named exactly {@code name} whose labels include every one of {@code labels};
   * empty when there is none.
   */
  public static OptionalDouble value(String text, String name, Map<String, String> labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String sample = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      if (!sample.equals(name)) continue;
      String labelText = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "{}";
      boolean all = labels.entrySet().stream()
          .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
    }
    return OptionalDouble.empty();
  }

  /** {@link #value}, or 0 when the sample does not exist (a counter never incremented). */
  public static double valueOrZero(String text, String name, Map<String, String> labels) {
    return value(text, name, labels).orElse(0);
  }
}
