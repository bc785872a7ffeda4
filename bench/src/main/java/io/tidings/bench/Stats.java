package io.tidings.bench;

import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Medians and formatting for the report. Stateless. */
public final class Stats {

  private Stats() {}

  /** The median (the mean of the middle two for an even count); NaN for none. */
  public static double median(List<Double> values) {
    double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) return Double.NaN;
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** A percentile of {@code h} in milliseconds. */
  public static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** A number with thousands separators and no decimals, or with 2 significant decimals when small. */
  public static String fmt(double v) {
    if (Double.isNaN(v)) return "–";
    if (Math.abs(v) >= 100) return String.format("%,.0f", v);
    if (Math.abs(v) >= 10) return String.format("%.1f", v);
    return String.format("%.2f", v);
  }
}
