package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.HeapProbe;
import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.RawFrameSocket;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is closed once its outgoing buffer passes {@code SOKETI_WS_MAX_BUFFERED_KB},
 * and counted; nothing grows without bound, and a client beside it that reads receives every event.
 */
class SlowConsumerTest {

  @Test
  void aClientThatStopsReadingIsClosedAtTheCapAndCountedWhileOthersGetEverything() throws Exception {
    try (ServerProcess node = ServerProcess.start(Map.of("SOKETI_WS_MAX_BUFFERED_KB", "64", "SOKETI_METRICS_ENABLED", "true"));
         RawWebSocket reader = RawWebSocket.established(node.wsUrl("app-key"));
         RawFrameSocket stalled = RawFrameSocket.open(node.port(), "/app/app-key?protocol=7&client=slow&version=1", 4096)) {
      assertThat(reader.subscribe("firehose")).contains("succeeded");
      assertThat(stalled.read().text()).contains("connection_established");
      stalled.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"firehose\"}}");
      assertThat(stalled.read().text()).contains("succeeded");
      long baseline = HeapProbe.liveHeapBytes(node);
      // From here on the stalled client reads nothing: the kernel's buffers fill, then the node's.

      SignedApi api = new SignedApi(node.httpBase(), "app-key", "app-secret");
      String pad = "x".repeat(8 * 1024);
      int events = 1_500;
      // The reader reads each event before the next is published: it is held to the same 64 KB cap, and on
      // a loaded machine a test client that fell 64 KB behind a burst was rightly cut as a slow consumer too.
      for (int i = 0; i < events; i++) {
        assertThat(api.post("/apps/app-id/events",
            "{\"name\":\"big\",\"channel\":\"firehose\",\"data\":\"" + i + ":" + pad + "\"}").statusCode()).isEqualTo(200);
        assertThat(reader.nextEvent("big").path("data").asText()).startsWith(i + ":");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.valueOrZero(node.scrape(),
          "tidings_slow_consumers_closed_total", Map.of("app_id", "app-id")) == 1);
      String text = node.scrape();
      double dropped = PrometheusText.valueOrZero(text, "tidings_frames_dropped_total", Map.of("app_id", "app-id"));
      long heapAfter = HeapProbe.liveHeapBytes(node);
      long readable = drainUntilEnd(stalled);

      Reliability.of("slow-consumer").put("capKb", 64).put("events", events).put("eventBytes", pad.length())
          .put("publishedMb", (long) events * pad.length() / (1024 * 1024))
          .put("slowConsumersClosed", 1).put("framesDroppedForIt", (long) dropped)
          .put("bytesTheStalledClientCouldStillRead", readable)
          .put("readerReceived", events).put("liveHeapBeforeKb", baseline / 1024).put("liveHeapAfterKb", heapAfter / 1024)
          .print();
      assertThat(readable).as("what reached the stalled client before the cut: kernel buffers, not the whole stream")
          .isLessThan((long) events * pad.length());
      assertThat(heapAfter).isLessThan(baseline + 16L * 1024 * 1024);
      assertThat(node.isAlive()).isTrue();
    }
  }

  /** Reads what the connection still holds until it ends; returns the bytes of the frames read. */
  private static long drainUntilEnd(RawFrameSocket ws) {
    long bytes = 0;
    try {
      while (true) bytes += ws.read().payload().length;
    } catch (IOException ended) {
      return bytes;
    }
  }
}
