package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RecordingTest {

  @Test
  void mergesTheHistogramsOfEveryLoop() {
    Recording r = new Recording(1, 3);
    for (int i = 1; i <= 100; i++) r.record(0, i * 1_000_000L);
    for (int i = 101; i <= 200; i++) r.record(1, i * 1_000_000L);
    r.record(2, 500_000_000L);
    Histogram all = r.merged();
    assertThat(all.getTotalCount()).isEqualTo(201);
    assertThat(Stats.millis(all, 50)).isCloseTo(101, org.assertj.core.data.Offset.offset(0.2));
    assertThat(Stats.millis(all, 100)).isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void clampsValuesOutsideTheRange() {
    Recording r = new Recording(1, 1);
    r.record(0, -5);
    r.record(0, Long.MAX_VALUE);
    Histogram h = r.merged();
    assertThat(h.getMinValue()).isZero();
    assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(Recording.MAX_NANOS);
  }

  @Test
  void theMedianOfRoundsIgnoresMissingFigures() {
    assertThat(Stats.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(java.util.List.of(4.0, 1.0, Double.NaN, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(java.util.List.of(1.0, 2.0, 3.0, 4.0))).isEqualTo(2.5);
  }
}
