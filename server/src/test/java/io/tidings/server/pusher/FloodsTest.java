package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.auth.Signatures;
import io.tidings.server.support.HeapProbe;
import io.tidings.server.support.RawFrameSocket;
import io.tidings.testing.http.RawHttp;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Floods past the limits against a node in its own JVM: connections past {@code max_connections},
 * API requests past the rate limits, presence joins past the member limit. Each excess is refused
 * cleanly (the documented code, counted), what is within the limits keeps working, and once the flood
 * is gone the live heap is back where it was.
 */
class FloodsTest {

  static final int MAX_CONNECTIONS = 50;
  static final int MAX_MEMBERS = 20;
  static ServerProcess node;

  @BeforeAll
  static void start() {
    node = ServerProcess.start(Map.of(
        "SOKETI_DEFAULT_APP_MAX_CONNS", Integer.toString(MAX_CONNECTIONS),
        "SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "100",
        "SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "50",
        "SOKETI_PRESENCE_MAX_MEMBERS", Integer.toString(MAX_MEMBERS),
        "SOKETI_METRICS_ENABLED", "true"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  /** Opens a socket and reads its first frame: {@code connection_established}, or the refusal. */
  static RawFrameSocket connect(List<String> firstFrames) throws IOException {
    RawFrameSocket ws = RawFrameSocket.open(node.port(), "/app/app-key?protocol=7&client=flood&version=1");
    firstFrames.add(ws.read().text());
    return ws;
  }

  static String socketId(String established) {
    int at = established.indexOf("socket_id") + 14;
    return established.substring(at, established.indexOf('\\', at));
  }

  @Test
  void aConnectionFloodPastMaxConnectionsIsRefusedWith4100() throws Exception {
    long baseline = HeapProbe.liveHeapBytes(node);
    List<RawFrameSocket> open = new CopyOnWriteArrayList<>();
    List<String> first = new CopyOnWriteArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    int attempts = 1_000;
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < attempts / 4; i++) {
          try {
            open.add(connect(first));
          } catch (IOException e) {
            failed.incrementAndGet();
          }
        }
      }));
    }
    for (Thread t : threads) t.join();
    long established = first.stream().filter(f -> f.contains("connection_established")).count();
    long refused = first.stream().filter(f -> f.contains("\"code\":4100")).count();
    open.forEach(RawFrameSocket::close);
    Thread.sleep(500);
    List<String> after = new ArrayList<>();
    try (RawFrameSocket again = connect(after)) {
      assertThat(after.get(0)).as("a connection is accepted once the flood is gone").contains("connection_established");
    }
    long heapAfter = HeapProbe.liveHeapBytes(node);
    Reliability.of("connection-flood").put("attempts", attempts).put("established", established).put("refused4100", refused)
        .put("failedToConnect", failed.get()).put("liveHeapBeforeKb", baseline / 1024).put("liveHeapAfterKb", heapAfter / 1024)
        .print();
    assertThat(established).isEqualTo(MAX_CONNECTIONS);
    assertThat(refused).isEqualTo(attempts - MAX_CONNECTIONS);
    assertThat(failed.get()).isZero();
    assertThat(heapAfter).isLessThan(baseline + 16L * 1024 * 1024);
  }

  @Test
  void aRequestFloodPastTheRateLimitsGets429AndNothingElse() throws Exception {
    Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        SignedApi api = new SignedApi(node.httpBase(), "app-key", "app-secret");
        for (int i = 0; i < 500; i++) {
          int write = api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + i + "\"}").statusCode();
          statuses.computeIfAbsent("events", k -> new ConcurrentHashMap<>()).merge(write, 1, Integer::sum);
          int read = api.get("/apps/app-id/channels").statusCode();
          statuses.computeIfAbsent("reads", k -> new ConcurrentHashMap<>()).merge(read, 1, Integer::sum);
        }
      }));
    }
    for (Thread t : threads) t.join();
    long seconds = Math.max(1, Reliability.millisSince(start) / 1000);
    Map<Integer, Integer> events = new TreeMap<>(statuses.get("events"));
    Map<Integer, Integer> reads = new TreeMap<>(statuses.get("reads"));
    Reliability.of("request-flood").put("seconds", seconds).put("events", events.toString().replace(" ", ""))
        .put("reads", reads.toString().replace(" ", "")).print();
    assertThat(events.keySet()).containsOnly(200, 429);
    assertThat(reads.keySet()).containsOnly(200, 429);
    assertThat(events.get(429)).isPositive();
    assertThat(reads.get(429)).isPositive();
    // Each limit is a window of one second that opens at the first request: at most two windows per second.
    assertThat(events.get(200)).isLessThanOrEqualTo((int) (100 * 2 * (seconds + 1)));
    assertThat(RawHttp.exchange(node.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 5_000).status()).isEqualTo(200);
  }

  @Test
  void aPresenceJoinFloodPastTheMemberLimitIsRefusedWith4100() throws Exception {
    long baseline = HeapProbe.liveHeapBytes(node);
    List<RawFrameSocket> sockets = new ArrayList<>();
    List<String> first = new ArrayList<>();
    int joined = 0;
    int refused = 0;
    try {
      for (int u = 0; u < MAX_CONNECTIONS - 5; u++) {
        RawFrameSocket ws = connect(first);
        sockets.add(ws);
        String id = socketId(first.get(first.size() - 1));
        String data = "{\"user_id\":\"user-" + u + "\",\"user_info\":{\"pad\":\"" + "p".repeat(500) + "\"}}";
        String sig = Signatures.hmacSha256Hex("app-secret", id + ":presence-flood:" + data);
        ws.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-flood\",\"auth\":\"app-key:" + sig
            + "\",\"channel_data\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(data) + "}}");
        String answer;
        do {
          answer = ws.read().text();
        } while (answer.contains("member_added"));
        if (answer.contains("subscription_succeeded")) joined++;
        else if (answer.contains("subscription_error") && answer.contains("4100")) refused++;
      }
    } finally {
      sockets.forEach(RawFrameSocket::close);
    }
    Thread.sleep(500);
    long heapAfter = HeapProbe.liveHeapBytes(node);
    Reliability.of("presence-join-flood").put("joins", MAX_CONNECTIONS - 5).put("joined", joined).put("refused4100", refused)
        .put("liveHeapBeforeKb", baseline / 1024).put("liveHeapAfterKb", heapAfter / 1024).print();
    assertThat(joined).isEqualTo(MAX_MEMBERS);
    assertThat(refused).isEqualTo(MAX_CONNECTIONS - 5 - MAX_MEMBERS);
    assertThat(heapAfter).isLessThan(baseline + 16L * 1024 * 1024);
  }
}
