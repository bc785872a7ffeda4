package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.HeapProbe;
import io.tidings.server.support.RawFrameSocket;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.SteadyTraffic;
import io.tidings.server.support.WebSocketFuzzCorpus;
import io.tidings.server.support.WebSocketFuzzCorpus.Case;
import io.tidings.server.support.WebSocketFuzzCorpus.Expect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz run of bad WebSocket input against a live node (its own JVM, Netty's leak detector on):
 * every bad frame gets a {@code pusher:error} or a close on its own connection, the server stays up, its
 * heap after a full GC returns to what it was before, no buffer leaks, and a well-behaved client beside the
 * fuzzers receives every event published meanwhile, in order.
 *
 * <p>Each fuzz frame is followed by a WebSocket ping with a unique payload: everything the server sent
 * before that pong answers the fuzz frame. A frame that closes its connection (by design or not) ends the
 * window; the frames written after it are sent again on a new connection. {@code -Dtidings.fuzz.frames}
 * (default 100,000) and {@code -Dtidings.fuzz.seed} replay a run.
 */
class WebSocketFuzzTest {

  static final int FRAMES = Integer.getInteger("tidings.fuzz.frames", 100_000);
  static final long SEED = Long.getLong("tidings.fuzz.seed", System.currentTimeMillis());
  static final int THREADS = 4;
  static final int WINDOW = 16;
  static final int MAX_MESSAGE_KB = 256;

  /** Outcomes, by kind of case. */
  static final class Counts {
    final Map<String, LongAdder> byKey = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicLong connections = new AtomicLong();

    void add(String key) {
      byKey.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    long get(String key) {
      LongAdder a = byKey.get(key);
      return a == null ? 0 : a.sum();
    }
  }

  /** What the server did about one case. */
  record Outcome(int errors, int replies, int closeCode, boolean abrupt, String how) {
    Outcome(int errors, int replies, int closeCode, boolean abrupt) {
      this(errors, replies, closeCode, abrupt, "");
    }
  }

  @Test
  void badWebSocketInputGetsAnErrorOrACloseOnItsOwnConnectionAndHarmsNoOneElse() throws Exception {
    Map<String, String> env = Map.of(
        "SOKETI_WS_MAX_MESSAGE_SIZE_IN_KB", Integer.toString(MAX_MESSAGE_KB),
        "SOKETI_METRICS_ENABLED", "true",
        "JAVA_TOOL_OPTIONS", "-Dio.netty.leakDetection.level=advanced -Dio.netty.leakDetection.samplingInterval=16");
    try (ServerProcess node = ServerProcess.start(env);
         RawWebSocket bystander = RawWebSocket.established(node.wsUrl("app-key"))) {
      assertThat(bystander.subscribe("calm")).contains("succeeded");
      Counts counts = new Counts();
      fuzz(node, 2_000, SEED - 1, new Counts()); // warm up the JIT and the pools before the baseline
      long baseline = HeapProbe.liveHeapBytes(node);

      long start = System.nanoTime();
      try (SteadyTraffic calm = new SteadyTraffic("calm", 10, 1_000_000)
          .source("api", new SignedApi(node.httpBase(), "app-key", "app-secret"))
          .subscriber("bystander", bystander)
          .start()) {
        fuzz(node, FRAMES, SEED, counts);
        calm.stop();
        boolean complete = calm.awaitComplete(Duration.ofSeconds(30));
        long seconds = Math.max(1, Reliability.millisSince(start) / 1000);
        long after = HeapProbe.liveHeapBytes(node);
        List<String> leaks = node.output().stream().filter(l -> l.contains("LEAK:")).toList();
        Map<String, Long> t = calm.totals();

        Reliability r = Reliability.of("websocket-fuzz").put("seed", SEED).put("frames", FRAMES)
            .put("seconds", seconds).put("connections", counts.connections.get());
        new TreeMap<>(counts.byKey).forEach((k, v) -> r.put(k, v.sum()));
        r.put("violations", counts.violations.size())
            .put("bystanderPublished", t.get("published")).put("bystanderReceived", t.get("received"))
            .put("bystanderMissing", t.get("missing")).put("bystanderOutOfOrder", t.get("outOfOrder"))
            .put("liveHeapBeforeKb", baseline / 1024).put("liveHeapAfterKb", after / 1024)
            .put("leakReports", leaks.size())
            .print();

        if (!counts.violations.isEmpty()) {
          node.output().stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
              .limit(40).forEach(l -> System.out.println("NODE " + l));
        }
        assertThat(counts.violations).as("cases without the answer they must get").isEmpty();
        assertThat(node.isAlive()).isTrue();
        assertThat(complete).as("the bystander got every event: " + calm.tally()).isTrue();
        assertThat(t.get("outOfOrder") + t.get("duplicates")).isZero();
        assertThat(leaks).as("Netty buffer leaks").isEmpty();
        assertThat(after).as("live heap after the run (before: %d KB)", baseline / 1024)
            .isLessThan(baseline + 16L * 1024 * 1024);
      }
    }
  }

  /** Sends {@code frames} cases from {@code THREADS} threads; returns when all were answered. */
  static void fuzz(ServerProcess node, int frames, long seed, Counts counts) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int quota = frames / THREADS + (t < frames % THREADS ? 1 : 0);
      WebSocketFuzzCorpus corpus = new WebSocketFuzzCorpus(seed + t, MAX_MESSAGE_KB * 1024);
      threads.add(Thread.ofPlatform().name("fuzzer-" + t).start(() -> {
        try {
          fuzzOneThread(node, quota, corpus, counts);
        } catch (Throwable e) {
          counts.violations.add("fuzzer thread failed: " + e);
        }
      }));
    }
    for (Thread t : threads) t.join();
  }

  private static void fuzzOneThread(ServerProcess node, int quota, WebSocketFuzzCorpus corpus, Counts counts)
      throws IOException {
    ArrayDeque<Case> again = new ArrayDeque<>();
    int done = 0;
    long marker = 0;
    RawFrameSocket ws = connect(node, counts);
    while (done < quota) {
      List<Case> window = new ArrayList<>(WINDOW);
      List<String> markers = new ArrayList<>(WINDOW);
      while (window.size() < WINDOW && done + window.size() < quota) {
        window.add(again.isEmpty() ? corpus.next() : again.poll());
      }
      try {
        for (Case c : window) {
          String m = "m" + marker++;
          markers.add(m);
          ws.write(c.wire());
          ws.write(RawFrameSocket.frame(RawFrameSocket.PING, m.getBytes(StandardCharsets.US_ASCII)));
        }
        ws.flush();
      } catch (IOException e) {
        // The server closed while we wrote; the reads below find out which case did it.
      }
      for (int i = 0; i < window.size(); i++) {
        Case c = window.get(i);
        Outcome o = answer(ws, markers.get(i));
        judge(c, o, counts);
        done++;
        if (o.closeCode() >= 0 || o.abrupt()) {
          for (int j = window.size() - 1; j > i; j--) again.addFirst(window.get(j));
          ws.close();
          ws = connect(node, counts);
          break;
        }
      }
    }
    ws.close();
  }

  private static RawFrameSocket connect(ServerProcess node, Counts counts) throws IOException {
    RawFrameSocket ws = RawFrameSocket.open(node.port(), "/app/app-key?protocol=7&client=fuzz&version=1");
    RawFrameSocket.Frame established = ws.read();
    if (!established.text().contains("pusher:connection_established")) {
      throw new IOException("unexpected first frame " + established.text());
    }
    counts.connections.incrementAndGet();
    return ws;
  }

  /** Reads until the pong for {@code marker}, a close frame, or the end of the connection. */
  private static Outcome answer(RawFrameSocket ws, String marker) {
    int errors = 0;
    int replies = 0;
    try {
      while (true) {
        RawFrameSocket.Frame f = ws.read();
        switch (f.opcode()) {
          case RawFrameSocket.PONG -> {
            if (f.text().equals(marker)) return new Outcome(errors, replies, -1, false);
          }
          case RawFrameSocket.CLOSE -> {
            return new Outcome(errors, replies, f.closeCode(), false);
          }
          case RawFrameSocket.TEXT -> {
            String text = f.text();
            if (text.contains("\"pusher:error\"") || text.contains("\"pusher:subscription_error\"")) errors++;
            else replies++;
          }
          default -> { }
        }
      }
    } catch (IOException e) {
      return new Outcome(errors, replies, -1, true, e.toString());
    }
  }

  private static void judge(Case c, Outcome o, Counts counts) {
    counts.add("tried");
    counts.add("kind." + c.kind());
    boolean closed = o.closeCode() >= 0;
    if (o.abrupt()) counts.add("outcome.abrupt");
    else if (closed) counts.add("outcome.close" + o.closeCode());
    else if (o.errors() > 0) counts.add("outcome.error");
    else if (o.replies() > 0) counts.add("outcome.reply");
    else counts.add("outcome.silent");
    boolean ok = switch (c.expect()) {
      case ERROR -> !closed && !o.abrupt() && o.errors() > 0;
      case CLOSE -> closed && c.closeCodes().contains(o.closeCode());
      case ERROR_OR_CLOSE -> (!closed && !o.abrupt() && o.errors() > 0) || (closed && c.closeCodes().contains(o.closeCode()));
      case ANY -> !o.abrupt() && (!closed || o.closeCode() >= 1000 && o.closeCode() != 1006);
    };
    if (!ok && counts.violations.size() < 50) {
      String sample = new String(c.wire(), 0, Math.min(120, c.wire().length), StandardCharsets.ISO_8859_1);
      counts.violations.add(c.kind() + " expected " + c.expect() + " got " + o + " for " + sample);
    } else if (!ok) {
      counts.violations.add(c.kind());
    }
  }
}
