package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepMonitorParsingTest {

  @Test
  void readsTheRunQueueWaitOfASchedstatLine() {
    assertThat(ProcStats.parseRunQueueNanos("208654 160317 2\n")).isEqualTo(160317);
    assertThat(ProcStats.parseRunQueueNanos("")).isZero();
    assertThat(ProcStats.runQueueSeconds(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void readsTcpSocketsAndMemoryPagesFromSockstat() {
    assertThat(StepMonitor.parseSockstatTcp("TCP: inuse 2004 orphan 0 tw 12 alloc 2010 mem 731"))
        .containsExactly(2004, 731L * 4096);
  }

  @Test
  void addsTheServersSendQueuesAndItsClientsReceiveQueuesButNotTheListener() {
    long[] q = new long[2];
    // 127.0.0.1:6001 listening, a server end with 0x100 bytes to send, a client end with 0x20 unread, another port.
    StepMonitor.addQueues("   0: 0100007F:1771 00000000:0000 0A 00000000:00000005 00:00000000 00000000", 6001, q);
    StepMonitor.addQueues("   1: 0100007F:1771 0200007F:9C40 01 00000100:00000000 01:00000014 00000000", 6001, q);
    StepMonitor.addQueues("   2: 0200007F:9C40 0100007F:1771 01 00000000:00000020 00:00000000 00000000", 6001, q);
    StepMonitor.addQueues("   3: 0100007F:1F90 0200007F:9C41 01 00001000:00000000 00:00000000 00000000", 6001, q);
    StepMonitor.addQueues("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt", 6001, q);
    assertThat(q).containsExactly(0x100, 0x20);
  }

  @Test
  void sumsTheHeapSpacesOfAJstatLine() {
    String[] header = "S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT".split(" ");
    String[] values = "0.0 1024.0 0.0 512.0 8192.0 4096.0 16384.0 2048.0 100.0 90.0 10.0 9.0 7 0.120 1 0.050 - - 0.170"
        .split(" ");
    double[] v = StepMonitor.parseJstat(header, values);
    assertThat(v).containsExactly((512 + 4096 + 2048) * 1024.0, 2048 * 1024.0, 0.170, 7, 1);
  }

  @Test
  void comparesTheFirstAndLastFifthOfAStep() {
    List<StepMonitor.Sample> samples = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      samples.add(new StepMonitor.Sample(i + 1, 0.5, i * 0.1, 100_000_000L + i * 10_000_000L, 50e6 + i * 10e6, 20e6 + i * 10e6,
          i * 0.1, i, 0, 1_000_000, 10, i * 1_000_000L, 0));
    }
    String s = StepMonitor.summary(samples);
    assertThat(s).contains("server CPU 50%→50% (its threads runnable but waiting for a CPU 50→850 ms/s, max 900)").contains("RSS 105→185 MB").contains("old 25→105 MB").contains("GC 0.90 s in 9 s (10.0%), 9 young + 0 full")
        .contains("server send queues 0.50→8.50 MB (max 9.00)");
  }
}
