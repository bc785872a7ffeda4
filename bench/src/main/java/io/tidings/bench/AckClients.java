package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop Socket.IO acknowledgements: each connection emits {@code 42<id>["ack","x"]} and, when the
 * server's {@code 43<id>["x"]} arrives, records the round trip and emits the next, so every connection has
 * exactly one ack in flight. Counts the answers and their latencies while recording; hands each
 * connection its own {@link SubscriberProtocol} (it keeps the connection's ack id and send time).
 *
 * <p>Confined to the load generator's loop 0 (the protocols run there); {@link #start}, {@link #record}
 * and {@link #stop} hand over to it through {@link LoadClient#onLoop}.
 */
final class AckClients {

  private static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  private final LoadClient client;
  private final List<AckProtocol> connections = new ArrayList<>();
  private boolean running;
  private boolean recording;
  private long answered;
  private long wrong;
  private Histogram latency = Recording.newHistogram();

  AckClients(LoadClient client) {
    this.client = client;
    if (client.loopCount() != 1) throw new IllegalArgumentException("one load-generator loop expected");
  }

  /** A new connection's protocol (for {@link SubscriberPool}). */
  SubscriberProtocol newConnection() {
    AckProtocol p = new AckProtocol();
    synchronized (connections) {
      connections.add(p);
    }
    return p;
  }

  /** Every connected client emits its first ack request. */
  void start() {
    client.onLoop(0, () -> {
      running = true;
      synchronized (connections) {
        for (AckProtocol p : connections) p.emit();
      }
      return null;
    });
  }

  /** Starts counting from zero. */
  void record() {
    client.onLoop(0, () -> {
      answered = wrong = 0;
      latency = Recording.newHistogram();
      recording = true;
      return null;
    });
  }

  /** Answers counted so far in this recording. */
  long answered() {
    return client.onLoop(0, () -> answered);
  }

  /** Stops emitting and counting; returns {answered, wrong answers} and the latencies of the window. */
  Histogram stop(long[] counts) {
    return client.onLoop(0, () -> {
      running = false;
      recording = false;
      counts[0] = answered;
      counts[1] = wrong;
      return latency;
    });
  }

  /** One connection's side of the ack loop. Loop 0 only. */
  private final class AckProtocol implements SubscriberProtocol {
    private Consumer<String> send;
    private long id;
    private long sentNanos;

    @Override
    public String path() {
      return PATH;
    }

    @Override
    public boolean onText(String text, Consumer<String> send) {
      this.send = send;
      if (text.startsWith("43")) {
        answer(text);
        return false;
      }
      if (text.startsWith("40")) return true;          // CONNECT acknowledged
      if (text.startsWith("0")) send.accept("40");     // Engine.IO open: connect to the main namespace
      else if (text.equals("2")) send.accept("3");     // ping → pong
      return false;
    }

    void emit() {
      if (send == null) return;
      id++;
      sentNanos = System.nanoTime();
      send.accept("42" + id + "[\"ack\",\"x\"]");
    }

    private void answer(String text) {
      long now = System.nanoTime();
      if (!text.equals("43" + id + "[\"x\"]")) {
        if (recording) wrong++;
      } else if (recording) {
        answered++;
        latency.recordValue(Math.max(0, Math.min(now - sentNanos, Recording.MAX_NANOS)));
      }
      if (running) emit();
    }
  }
}
