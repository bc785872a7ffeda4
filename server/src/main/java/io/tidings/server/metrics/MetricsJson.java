package io.tidings.server.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DistributionDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

/**
 * {@code GET /metrics?json=1}: the metrics in the shape of prom-client's {@code getMetricsAsJSON()},
 * which Soketi serves there — an array of {@code {"help","name","type","values":[{"value","labels"}],
 * "aggregator":"sum"}}. Counters carry their exposed name (with {@code _total}); histograms and
 * summaries give their {@code _count} and {@code _sum} as values with a {@code metricName}. Stateless.
 */
public final class MetricsJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MetricsJson() {}

  /** The JSON text of every metric in {@code metrics}'s registry. */
  public static String render(PrometheusMetrics metrics) {
    ArrayNode out = F.arrayNode();
    for (MetricSnapshot s : metrics.snapshots()) {
      String name = s.getMetadata().getPrometheusName();
      ObjectNode m = out.addObject();
      m.put("help", s.getMetadata().getHelp() == null ? "" : s.getMetadata().getHelp());
      ArrayNode values;
      if (s instanceof CounterSnapshot c) {
        m.put("name", name + "_total");
        m.put("type", "counter");
        values = m.putArray("values");
        for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) value(values, p.getValue(), p, null);
      } else if (s instanceof GaugeSnapshot g) {
        m.put("name", name);
        m.put("type", "gauge");
        values = m.putArray("values");
        for (GaugeSnapshot.GaugeDataPointSnapshot p : g.getDataPoints()) value(values, p.getValue(), p, null);
      } else if (s instanceof HistogramSnapshot || s instanceof SummarySnapshot) {
        m.put("name", name);
        m.put("type", s instanceof HistogramSnapshot ? "histogram" : "summary");
        values = m.putArray("values");
        for (DataPointSnapshot dp : s.getDataPoints()) {
          DistributionDataPointSnapshot p = (DistributionDataPointSnapshot) dp;
          value(values, p.getCount(), p, name + "_count");
          value(values, p.getSum(), p, name + "_sum");
        }
      } else {
        m.put("name", name);
        m.put("type", "untyped");
        m.putArray("values");
      }
      m.put("aggregator", "sum");
    }
    return out.toString();
  }

  private static void value(ArrayNode values, double v, DataPointSnapshot p, String metricName) {
    ObjectNode o = values.addObject();
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      o.put("value", (long) v);
    } else {
      o.put("value", v);
    }
    ObjectNode labels = o.putObject("labels");
    for (Label l : p.getLabels()) labels.put(l.getName(), l.getValue());
    if (metricName != null) o.put("metricName", metricName);
  }
}
