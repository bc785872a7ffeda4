package io.tidings.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady cross-node traffic for fault tests: one publisher thread per source node posts numbered events
 * ({@code {"src":…,"i":n}}) to one channel through that node's HTTP API, every {@code intervalMillis};
 * every subscriber (a {@link RawWebSocket} already subscribed, usually one per node) is drained by its own
 * thread, which notes when each event arrived. Afterwards {@link #tally} says, per subscriber and source,
 * what was sent, received, missing, duplicated or out of order, and the longest delivery time.
 *
 * <p>Bounded: each source stops after {@code maxPerSource} events or at {@link #stop}, whichever is
 * first. Loopback only. Thread-safe.
 *
 * <p><b>Totals are taken after {@link #stop}</b> (or {@link #close}), which waits for every publisher to have
 * its last answer: an event whose 200 is still on its way would otherwise count as received but not sent,
 * or (once it is recorded) as sent but missing. An event received although its POST was not answered 200
 * (refused, or the request failed on the way back) is counted apart, as {@code unconfirmed}: the harness
 * cannot tell a refusal that was delivered from a failure of its own.
 */
public final class SteadyTraffic implements AutoCloseable {

  /** What one subscriber got from one source. */
  public record Tally(String subscriber, String source, int sent, int received, int missing, int duplicates,
      int outOfOrder, int unconfirmed, long maxLatencyMillis) {}

  /** How long {@link #stop} waits for a publisher's last answer before it calls the run broken. */
  private static final long PUBLISHER_JOIN_MILLIS = 60_000;

  private record Arrival(String src, int i, long nanos) {}

  private final String channel;
  private final long intervalMillis;
  private final int maxPerSource;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, SignedApi> sources = new LinkedHashMap<>();
  private final Map<String, RawWebSocket> subscribers = new LinkedHashMap<>();
  private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
  /** Per source: publish time of each event the API accepted (200), by number; absent = refused. */
  private final Map<String, Map<Integer, Long>> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
  private final List<Thread> publishers = new ArrayList<>();
  private final List<Thread> drains = new ArrayList<>();

  public SteadyTraffic(String channel, long intervalMillis, int maxPerSource) {
    this.channel = channel;
    this.intervalMillis = intervalMillis;
    this.maxPerSource = maxPerSource;
  }

  /** Adds a source: events named after it are posted through {@code api}. Before {@link #start}. */
  public SteadyTraffic source(String name, SignedApi api) {
    sources.put(name, api);
    accepted.put(name, new ConcurrentHashMap<>());
    refused.put(name, new AtomicInteger());
    return this;
  }

  /** Adds a subscriber, already subscribed to the channel. Before {@link #start}. */
  public SteadyTraffic subscriber(String name, RawWebSocket ws) {
    subscribers.put(name, ws);
    arrivals.put(name, new CopyOnWriteArrayList<>());
    return this;
  }

  /** Starts publishing and recording. */
  public SteadyTraffic start() {
    running.set(true);
    subscribers.forEach((name, ws) -> drains.add(Thread.ofPlatform().daemon().name("traffic-in-" + name)
        .start(() -> drain(ws, arrivals.get(name)))));
    sources.forEach((name, api) -> publishers.add(Thread.ofPlatform().daemon().name("traffic-out-" + name)
        .start(() -> publish(name, api))));
    return this;
  }

  /**
   * Stops publishing and waits until every publisher has the answer to its last POST, so that what was
   * accepted is final (recording goes on until {@link #close}). Publishers are not interrupted: an
   * interrupted POST has no answer, and its event would be counted refused whether it was delivered or not.
   *
   * @throws AssertionError when a publisher still waits for an answer after a minute
   */
  public void stop() {
    running.set(false);
    try {
      for (Thread t : publishers) {
        t.join(PUBLISHER_JOIN_MILLIS);
        if (t.isAlive()) throw new AssertionError(t.getName() + " has waited for an answer for a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the publishers", e);
    }
  }

  /** Events of {@code source} the API accepted so far. */
  public int accepted(String source) {
    return accepted.get(source).size();
  }

  /** Events of {@code source} the API refused (not 200) or that failed to send. */
  public int refused(String source) {
    return refused.get(source).get();
  }

  /** Events {@code subscriber} received so far from {@code source}. */
  public long received(String subscriber, String source) {
    return arrivals.get(subscriber).stream().filter(a -> a.src().equals(source)).count();
  }

  /** Waits (at most {@code atMost}) until every subscriber has every accepted event; false on time-out. */
  public boolean awaitComplete(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      boolean complete = true;
      for (Tally t : tally()) complete &= t.missing() == 0;
      if (complete) return true;
      Thread.sleep(100);
    }
    return false;
  }

  /** Per subscriber and source, in the order they were added. Final once {@link #stop} returned. */
  public List<Tally> tally() {
    List<Tally> out = new ArrayList<>();
    for (String sub : subscribers.keySet()) {
      List<Arrival> got = List.copyOf(arrivals.get(sub));
      for (String src : sources.keySet()) {
        Map<Integer, Long> sent = accepted.get(src);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int received = 0;
        int duplicates = 0;
        int outOfOrder = 0;
        int unconfirmed = 0;
        int highest = -1;
        long maxLatency = 0;
        for (Arrival a : got) {
          if (!a.src().equals(src)) continue;
          received++;
          if (!seen.add(a.i())) duplicates++;
          if (a.i() < highest) outOfOrder++;
          highest = Math.max(highest, a.i());
          Long at = sent.get(a.i());
          if (at != null) maxLatency = Math.max(maxLatency, (a.nanos() - at) / 1_000_000); else unconfirmed++;
        }
        int missing = 0;
        for (Integer i : sent.keySet()) if (!seen.contains(i)) missing++;
        out.add(new Tally(sub, src, sent.size(), received, missing, duplicates, outOfOrder, unconfirmed, maxLatency));
      }
    }
    return out;
  }

  /**
   * Sums over every subscriber and source, for a report: sent, received, missing, duplicates, out of order,
   * received without a 200. Take them after {@link #stop}.
   */
  public Map<String, Long> totals() {
    Map<String, Long> t = new LinkedHashMap<>();
    long maxLocal = 0;
    long maxRemote = 0;
    for (Tally x : tally()) {
      t.merge("expected", (long) x.sent(), Long::sum);
      t.merge("received", (long) x.received(), Long::sum);
      t.merge("missing", (long) x.missing(), Long::sum);
      t.merge("duplicates", (long) x.duplicates(), Long::sum);
      t.merge("outOfOrder", (long) x.outOfOrder(), Long::sum);
      t.merge("unconfirmed", (long) x.unconfirmed(), Long::sum);
      if (x.subscriber().equals(x.source())) maxLocal = Math.max(maxLocal, x.maxLatencyMillis());
      else maxRemote = Math.max(maxRemote, x.maxLatencyMillis());
    }
    t.put("published", sources.keySet().stream().mapToLong(this::accepted).sum());
    t.put("refused", sources.keySet().stream().mapToLong(this::refused).sum());
    t.put("maxLocalLatencyMs", maxLocal);
    t.put("maxCrossNodeLatencyMs", maxRemote);
    return t;
  }

  /** Stops publishing as {@link #stop} does, then stops recording. */
  @Override
  public void close() throws InterruptedException {
    stop();
    for (Thread t : drains) t.interrupt();
    for (Thread t : drains) t.join(5_000);
  }

  private void publish(String name, SignedApi api) {
    for (int i = 0; running.get() && i < maxPerSource; i++) {
      long at = System.nanoTime();
      try {
        HttpResponse<String> r = api.post("/apps/app-id/events",
            "{\"name\":\"tick\",\"channel\":\"" + channel + "\",\"data\":{\"src\":\"" + name + "\",\"i\":" + i + "}}");
        if (r.statusCode() == 200) accepted.get(name).put(i, at); else refused.get(name).incrementAndGet();
      } catch (Throwable t) {
        refused.get(name).incrementAndGet();
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void drain(RawWebSocket ws, List<Arrival> into) {
    while (!Thread.currentThread().isInterrupted()) {
      String f;
      try {
        f = ws.poll(200);
      } catch (AssertionError interrupted) {
        return;
      }
      if (f == null) continue;
      long now = System.nanoTime();
      if (!f.contains("\"tick\"")) continue;
      JsonNode frame = RawWebSocket.parseJson(f);
      JsonNode d = frame.path("data");
      if (d.isTextual()) d = RawWebSocket.parseJson(d.asText());
      into.add(new Arrival(d.path("src").asText(), d.path("i").asInt(), now));
    }
  }
}
