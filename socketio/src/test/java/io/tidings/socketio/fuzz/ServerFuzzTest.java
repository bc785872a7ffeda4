package io.tidings.socketio.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.ResourceLeakDetector;
import io.socket.client.IO;
import io.tidings.socketio.ConnectError;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.fuzz.SocketIoFuzzCorpus.Case;
import io.tidings.socketio.fuzz.SocketIoFuzzCorpus.Expect;
import io.tidings.transport.TransportOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A bounded fuzz run of Engine.IO and Socket.IO input against a live server ({@code -Dtidings.fuzz.packets},
 * default 130,000 cases, about 104,000 of them malformed or random; nine in ten over WebSocket from three threads,
 * one in ten over long-polling;
 * {@code -Dtidings.fuzz.seed} replays a run). Every case is followed by a marker event the server
 * acknowledges: the acknowledgement says the connection took the case; a close (a close frame, or the end of
 * the polling session) says it refused it. Valid packets must be taken, packets of no Engine.IO type must
 * close their connection, anything else may do either, cleanly. Meanwhile a real client (socket.io-client
 * for Java) in a room receives a steady broadcast: it must get every message, in order. Afterwards the
 * refusals are in the server's meters, no Netty buffer leaked, and the live heap is back to what it was.
 */
class ServerFuzzTest {

  /** Cases; four in five are malformed or random, so the default sends about 104,000 of those (at least 100,000). */
  static final int PACKETS = Integer.getInteger("tidings.fuzz.packets", 130_000);
  static final long SEED = Long.getLong("tidings.fuzz.seed", System.currentTimeMillis());
  static final int WEBSOCKET_THREADS = 3;
  static final int MAX_PAYLOAD_BYTES = 1_000_000;
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long TICK_MILLIS = 5;

  /** Outcomes by kind, and what broke the rules. */
  static final class Counts {
    final Map<String, LongAdder> byKey = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    void add(String key) {
      byKey.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    long get(String key) {
      LongAdder a = byKey.get(key);
      return a == null ? 0 : a.sum();
    }

    void violation(String v) {
      if (violations.size() < 50) violations.add(v);
    }
  }

  /** What the server did about one case. */
  enum Outcome { ANSWER, CLOSE, ABRUPT }

  @Test
  void badPacketsEndOnlyTheirOwnConnectionAndTheServerAndABystanderKeepWorking() throws Exception {
    ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    leaks.start();
    ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(leaks);
    // An exception thrown while handling input is caught and logged by the engine: the fuzz counts it a fault.
    ListAppender<ILoggingEvent> thrown = new ListAppender<>();
    thrown.start();
    ((Logger) LoggerFactory.getLogger("io.tidings")).addAppender(thrown);
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SocketIoServer server = SocketIoServer.newBuilder().maxHttpBufferSize(MAX_PAYLOAD_BYTES).meterRegistry(meters).build();
    server.on("connection", (Socket s) -> {
      s.on("m", (args, ack) -> ack.send());
      s.on("echo", (args, ack) -> s.emit("echo", args.toList().toArray()));
      s.on("join-calm", (args, ack) -> {
        s.join("calm");
        ack.send();
      });
    });
    server.of("/other").use((s, next) -> {
      if ("no".equals(s.handshake().auth().path("token").asText(null))) next.fail(new ConnectError("no", Map.of("x", 1)));
      else next.proceed();
    }).on("connection", (Socket s) -> s.on("echo", (args, ack) -> s.emit("echo", args.toList().toArray())));
    int port = server.listen(TransportOptions.newBuilder().host("127.0.0.1").port(0).build());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    io.socket.client.Socket bystander = null;
    try {
      Counts warmup = new Counts();
      fuzz(port, 2_000, SEED - 1, warmup); // the JIT and the pools, before the baseline
      Awaitility.await().atMost(WAIT).until(() -> server.metrics().connections() == 0);
      long baseline = liveHeapBytes();

      // The bystander: a real client in room "calm", which gets a tick every few milliseconds throughout.
      List<Integer> ticks = new CopyOnWriteArrayList<>();
      IO.Options options = new IO.Options();
      options.transports = new String[] {"websocket"};
      options.reconnection = false;
      bystander = IO.socket(URI.create("http://127.0.0.1:" + port), options);
      bystander.on("tick", a -> ticks.add(((Number) a[0]).intValue()));
      List<String> joined = new CopyOnWriteArrayList<>();
      io.socket.client.Socket b = bystander;
      bystander.on(io.socket.client.Socket.EVENT_CONNECT, a -> b.emit("join-calm", (io.socket.client.Ack) x -> joined.add("ok")));
      bystander.connect();
      Awaitility.await().atMost(WAIT).until(() -> !joined.isEmpty());
      AtomicLong sent = new AtomicLong();
      ticker.scheduleAtFixedRate(() -> server.to("calm").emit("tick", (int) sent.getAndIncrement()), 0, TICK_MILLIS,
          TimeUnit.MILLISECONDS);

      Counts counts = new Counts();
      long start = System.nanoTime();
      fuzz(port, PACKETS, SEED, counts);
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
      ticker.shutdown();
      assertThat(ticker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      long ticksSent = sent.get();
      Awaitility.await().atMost(WAIT).until(() -> ticks.size() >= ticksSent);
      Awaitility.await().atMost(WAIT).until(() -> server.metrics().connections() == 1); // the bystander's
      boolean bystanderConnected = bystander.connected();
      bystander.close();
      bystander = null;
      Awaitility.await().atMost(WAIT).until(() -> server.metrics().connections() == 0);
      long after = liveHeapBytes();

      double refusedOrDropped = sum(meters, "socketio.refused") + sum(meters, "socketio.dropped");
      Map<String, Double> reasons = new TreeMap<>();
      meters.getMeters().stream().filter(m -> m instanceof Counter && (m.getId().getName().equals("socketio.refused")
              || m.getId().getName().equals("socketio.dropped")))
          .forEach(m -> reasons.merge(m.getId().getName() + "{" + m.getId().getTag("reason") + "}", ((Counter) m).count(), Double::sum));
      // "… threw …": what the engine and the sockets log when handling input threw (other tests' leftovers aside)
      List<String> exceptions = thrown.list.stream()
          .filter(e -> e.getThrowableProxy() != null && e.getFormattedMessage().contains("threw"))
          .map(e -> e.getFormattedMessage() + ": " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage())
          .distinct().toList();
      List<String> leakReports = leaks.list.stream().map(ILoggingEvent::getFormattedMessage).filter(s -> s.contains("LEAK")).toList();

      StringBuilder line = new StringBuilder("RELIABILITY socketio-fuzz: seed=" + SEED + " cases=" + PACKETS
          + " seconds=" + seconds);
      new TreeMap<>(counts.byKey).forEach((k, v) -> line.append(' ').append(k).append('=').append(v.sum()));
      line.append(" ticksSent=").append(ticksSent).append(" ticksReceived=").append(ticks.size())
          .append(" liveHeapBeforeKb=").append(baseline / 1024).append(" liveHeapAfterKb=").append(after / 1024)
          .append(" leakReports=").append(leakReports.size()).append(" exceptionsLogged=").append(exceptions.size()).append(" meters=").append(reasons);
      System.out.println(line);

      assertThat(counts.violations).as("cases without the answer they must get").isEmpty();
      assertThat(exceptions).as("exceptions thrown while handling input (caught and logged)").isEmpty();
      assertThat(counts.get("tried")).isEqualTo(PACKETS);
      assertThat(counts.get("bad")).as("malformed or random cases").isGreaterThan(PACKETS * 3L / 4);
      assertThat(counts.get("strict.golden")).as("valid packets judged on a connection in a known state").isGreaterThan(PACKETS / 20);
      assertThat(bystanderConnected).as("the bystander stayed connected").isTrue();
      for (int i = 0; i < ticks.size(); i++) {
        assertThat(ticks.get(i)).as("tick %d of %d, in order, none missing or repeated", i, ticksSent).isEqualTo(i);
      }
      long closedForBadInput = counts.get("outcome.close.unknown-engine-type") + counts.get("outcome.close.oversized");
      assertThat(refusedOrDropped).as("refusals counted in the meters: %s", reasons).isGreaterThanOrEqualTo(closedForBadInput);
      assertThat(leakReports).as("Netty buffer leaks").isEmpty();
      assertThat(after).as("live heap after the run (before: %d KB)", baseline / 1024).isLessThan(baseline + 16L * 1024 * 1024);
    } finally {
      ticker.shutdownNow();
      if (bystander != null) bystander.close();
      server.close();
      ResourceLeakDetector.setLevel(level);
      ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).detachAppender(leaks);
      ((Logger) LoggerFactory.getLogger("io.tidings")).detachAppender(thrown);
    }
  }

  private static double sum(SimpleMeterRegistry meters, String name) {
    return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** The heap in use after full collections (what is still reachable, give or take what the JVM keeps). */
  private static long liveHeapBytes() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** Sends {@code cases} cases: nine in ten over WebSocket on three threads, one in ten over polling. */
  static void fuzz(int port, int cases, long seed, Counts counts) throws InterruptedException {
    int polling = cases / 10;
    int websocket = cases - polling;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t <= WEBSOCKET_THREADS; t++) {
      boolean poll = t == WEBSOCKET_THREADS;
      int quota = poll ? polling : websocket / WEBSOCKET_THREADS + (t < websocket % WEBSOCKET_THREADS ? 1 : 0);
      SocketIoFuzzCorpus corpus = new SocketIoFuzzCorpus(seed + t, MAX_PAYLOAD_BYTES);
      threads.add(Thread.ofPlatform().name("fuzzer-" + (poll ? "polling" : "ws-" + t)).start(() -> {
        try {
          if (poll) new PollingFuzzer(port, corpus, counts).run(quota);
          else new WebSocketFuzzer(port, corpus, counts).run(quota);
        } catch (Throwable e) {
          counts.violation("fuzzer thread failed: " + e);
        }
      }));
    }
    for (Thread t : threads) t.join();
  }

  /** Judges one case's outcome; {@code strict} when the connection's state before it was known. */
  static void judge(Case c, Outcome o, boolean strict, String transport, Counts counts) {
    counts.add("tried");
    if (c.bad()) counts.add("bad");
    counts.add("outcome." + o.name().toLowerCase() + (c.expect() == Expect.ANY ? "" : "." + c.kind()));
    Expect expect = c.expect() == Expect.ANSWER && !strict ? Expect.ANY : c.expect();
    if (c.expect() == Expect.ANSWER && strict) counts.add("strict.golden");
    boolean ok = switch (expect) {
      case ANSWER -> o == Outcome.ANSWER;
      case CLOSE -> o != Outcome.ANSWER;
      case ANY -> true;
    };
    if (!ok) counts.violation(transport + " " + c.kind() + " expected " + expect + " got " + o + " for " + c.sample());
  }

  /** One thread's WebSocket connections: a case, a marker, the outcome; a new connection after each close. */
  static final class WebSocketFuzzer {
    private final int port;
    private final SocketIoFuzzCorpus corpus;
    private final Counts counts;
    private long marker;

    WebSocketFuzzer(int port, SocketIoFuzzCorpus corpus, Counts counts) {
      this.port = port;
      this.corpus = corpus;
      this.counts = counts;
    }

    void run(int quota) throws IOException {
      RawWebSocket ws = connect();
      boolean known = true;
      for (int done = 0; done < quota; done++) {
        Case c = corpus.next();
        long id = marker++;
        Outcome o;
        try {
          for (Object m : c.messages()) {
            if (m instanceof String s) ws.text(s); else ws.binary((byte[]) m);
          }
          ws.text("42" + id + "[\"m\"]");
          ws.flush();
          o = outcome(ws, id);
        } catch (IOException e) {
          o = Outcome.ABRUPT; // the server closed while we wrote: reset before its close frame was read
        }
        judge(c, o, known, "websocket", counts);
        if (o == Outcome.ANSWER) {
          if (c.mayChangeState()) known = false;
        } else {
          ws.close();
          ws = connect();
          known = true;
        }
      }
      ws.close();
    }

    private RawWebSocket connect() throws IOException {
      RawWebSocket ws = RawWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket");
      String open = ws.read().text();
      if (!open.startsWith("0{")) throw new IOException("no open packet: " + open);
      ws.text("40");
      ws.flush();
      while (true) {
        String t = ws.read().text();
        if (t.startsWith("40{")) break;
        if (t.equals("2")) pong(ws);
      }
      counts.add("connections.websocket");
      return ws;
    }

    private static void pong(RawWebSocket ws) throws IOException {
      ws.text("3");
      ws.flush();
    }

    /** Reads until the marker's acknowledgement, a close frame, or the end of the connection. */
    private static Outcome outcome(RawWebSocket ws, long id) {
      String ack = "43" + id + "[]";
      try {
        while (true) {
          RawWebSocket.Frame f = ws.read();
          if (f.opcode() == RawWebSocket.CLOSE) return Outcome.CLOSE;
          if (f.opcode() == RawWebSocket.TEXT) {
            String t = f.text();
            if (t.equals(ack)) return Outcome.ANSWER;
            if (t.equals("2")) pong(ws);
          }
        }
      } catch (IOException e) {
        return Outcome.ABRUPT;
      }
    }
  }

  /** One thread's polling sessions: the case and the marker as POSTs, the outcome from the polls. */
  static final class PollingFuzzer {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final SocketIoFuzzCorpus corpus;
    private final Counts counts;
    private long marker;

    PollingFuzzer(int port, SocketIoFuzzCorpus corpus, Counts counts) {
      this.base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
      this.corpus = corpus;
      this.counts = counts;
    }

    void run(int quota) throws Exception {
      String sid = connect();
      boolean known = true;
      for (int done = 0; done < quota; done++) {
        Case c = corpus.next();
        long id = marker++;
        Outcome o;
        try {
          List<String> parts = new ArrayList<>();
          for (Object m : c.messages()) parts.add(m instanceof String s ? s : "b" + Base64.getEncoder().encodeToString((byte[]) m));
          int status = post(sid, String.join("\u001e", parts));
          o = status != 200 ? Outcome.CLOSE : post(sid, "42" + id + "[\"m\"]") != 200 ? Outcome.CLOSE : outcome(sid, id);
        } catch (IOException e) {
          o = Outcome.ABRUPT;
        }
        judge(c, o, known, "polling", counts);
        if (o == Outcome.ANSWER) {
          if (c.mayChangeState()) known = false;
        } else {
          sid = connect();
          known = true;
        }
      }
      post(sid, "1");
    }

    private String connect() throws Exception {
      String open = get(null).body();
      String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf('"', open.indexOf("\"sid\":\"") + 7));
      post(sid, "40");
      while (!get(sid).body().contains("40{")) {
        // the CONNECT's answer comes in the first poll or the next
      }
      counts.add("connections.polling");
      return sid;
    }

    private int post(String sid, String body) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid)).timeout(WAIT)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(String sid) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(sid == null ? base : base + "&sid=" + sid)).timeout(WAIT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends with a deadline on the whole exchange. The request's own timeout covers only the wait for the
     * response's head; a body that never ends would hold the fuzzer (and the build) forever, so past the
     * deadline this fails the run, saying which request was left hanging.
     */
    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
        throws IOException, InterruptedException {
      java.util.concurrent.CompletableFuture<HttpResponse<T>> f = HTTP.sendAsync(request, body);
      try {
        return f.get(WAIT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        throw new IllegalStateException("no complete answer to " + request.method() + " " + request.uri() + " within "
            + (WAIT.toSeconds() + 10) + " s");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) throw io;
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Polls until the marker's acknowledgement or the end of the session. */
    private Outcome outcome(String sid, long id) throws IOException, InterruptedException {
      String ack = "43" + id + "[]";
      while (true) {
        HttpResponse<String> r = get(sid);
        if (r.statusCode() != 200) return Outcome.CLOSE;
        boolean pinged = false;
        for (String packet : r.body().split("\u001e", -1)) {
          if (packet.equals(ack)) return Outcome.ANSWER;
          if (packet.equals("1")) return Outcome.CLOSE;
          if (packet.equals("2")) pinged = true;
        }
        if (pinged && post(sid, "3") != 200) return Outcome.CLOSE;
      }
    }
  }
}
