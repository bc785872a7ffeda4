package io.tidings.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.bus.BusStats;
import io.tidings.server.support.PrometheusText;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The bus's drops per namespace ({@link BusStats#droppedDeliveriesByNamespace}) as Prometheus series with a
 * {@code namespace} label, on the real registry; the bus is a hand-written stub whose figures the test sets.
 */
class BusNamespaceDropsMetricTest {

  private static final String NAME = "tidings_bus_namespace_dropped_deliveries_total";

  /** A bus that has dropped what {@link #drops} says, and nothing else. */
  static final class StubStats implements BusStats {
    final Map<String, Long> drops = new ConcurrentHashMap<>();

    @Override public Map<String, Long> droppedDeliveriesByNamespace() { return new TreeMap<>(drops); }
    @Override public long publishedMessages() { return 0; }
    @Override public long publishStatements() { return 0; }
    @Override public long queuedMessages() { return 0; }
    @Override public long droppedMessages() { return 0; }
    @Override public long receivedMessages() { return 0; }
    @Override public long attachmentsWritten() { return 0; }
    @Override public long attachmentsRead() { return 0; }
    @Override public long undecodableMessages() { return 0; }
    @Override public long listenReconnects() { return 0; }
    @Override public long missedMessages() { return 0; }
    @Override public int peers() { return 0; }
  }

  @Test
  void eachNamespaceHasItsOwnSeriesWhichFollowsTheBusAndNamespacesJoinedLaterAppear() {
    StubStats bus = new StubStats();
    bus.drops.put("/pusher", 0L);
    bus.drops.put("/chat", 7L);
    try (PrometheusMetrics metrics = new PrometheusMetrics("soketi_")) {
      metrics.watchBus(bus);
      String first = metrics.scrape();
      assertThat(PrometheusText.value(first, NAME, Map.of("namespace", "/pusher"))).hasValue(0);
      assertThat(PrometheusText.value(first, NAME, Map.of("namespace", "/chat"))).hasValue(7);

      bus.drops.put("/chat", 9L);
      bus.drops.put("/later", 2L);
      String second = metrics.scrape();
      assertThat(PrometheusText.value(second, NAME, Map.of("namespace", "/chat"))).hasValue(9);
      assertThat(PrometheusText.value(second, NAME, Map.of("namespace", "/later"))).hasValue(2);
      assertThat(MetricsJson.render(metrics)).contains("\"namespace\":\"/later\"");
    }
  }
}
