package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementParsingTest {

  @Test
  void readsTheLiveHeapOfG1() {
    String g1 = """
        12345:
         garbage-first heap   total reserved 6291456K, committed 65536K, used 21504K [0x0000000680000000, 0x0000000800000000)
          region size 4096K, 2 young (8192K), 0 survivors (0K)
         Metaspace       used 30123K, committed 30528K, reserved 1114112K
          class space    used 3456K, committed 3648K, reserved 1048576K
        """;
    assertThat(JvmHeap.usedBytes(g1)).isEqualTo(21504L * 1024);
  }

  @Test
  void addsTheGenerationsOfParallel() {
    String parallel = """
         PSYoungGen      total 76288K, used 3932K [0x00000007ab000000, 0x00000007b0500000, 0x0000000800000000)
          eden space 65536K, 6% used [0x00000007ab000000,0x00000007ab3d7080,0x00000007af000000)
         ParOldGen       total 175104K, used 1000K [0x0000000701000000, 0x000000070bb00000, 0x00000007ab000000)
         Metaspace       used 3000K, committed 3200K, reserved 1056768K
        """;
    assertThat(JvmHeap.usedBytes(parallel)).isEqualTo((3932L + 1000) * 1024);
  }

  @Test
  void theSlopeIgnoresFixedCosts() {
    double[] x = {0, 5_000, 10_000, 15_000, 19_000};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = 50_000_000 + 3_000 * x[i];
    assertThat(IdleConnectionsScenario.slope(x, y)).isCloseTo(3_000, org.assertj.core.data.Offset.offset(1e-6));
  }
}
