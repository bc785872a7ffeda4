package io.tidings.admin.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AggregatedEventsTest {

  final AtomicLong millis = new AtomicLong(1_700_000_000_250L);
  final AggregatedEvents events = new AggregatedEvents(millis::get);

  @Test
  void eventsOfOneKindInOneSecondAreAddedUpAndReportedOnce() {
    events.add("rawConnection", null);
    events.add("rawConnection", null);
    events.add("bytesIn", null, 120);
    millis.addAndGet(1000);
    events.add("rawDisconnection", "transport close");
    List<AggregatedEvents.Count> counts = events.drain();
    assertThat(counts).containsExactly(
        new AggregatedEvents.Count(1_700_000_000_000L, "rawConnection", null, 2),
        new AggregatedEvents.Count(1_700_000_000_000L, "bytesIn", null, 120),
        new AggregatedEvents.Count(1_700_000_001_000L, "rawDisconnection", "transport close", 1));
    assertThat(events.drain()).isEmpty();
  }

  @Test
  void theJsonShapeLeavesAMissingSubTypeOut() {
    assertThat(new AggregatedEvents.Count(1000, "packetsOut", null, 3).toJson())
        .isEqualTo(Map.of("timestamp", 1000L, "type", "packetsOut", "count", 3L));
    assertThat(new AggregatedEvents.Count(1000, "rawDisconnection", "ping timeout", 1).toJson())
        .containsEntry("subType", "ping timeout");
  }
}
