package io.tidings.socketio;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tidings.socketio.engine.packet.EncodedPacket;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's meters, in the registry the application gives ({@code SocketIoServer.Builder.meterRegistry}):
 * <ul>
 *   <li>{@code socketio.connections} (gauge): open Engine.IO connections;</li>
 *   <li>{@code socketio.sockets} (gauge): connected sockets, all namespaces;</li>
 *   <li>{@code socketio.packets.in} / {@code socketio.packets.out}: Engine.IO messages read / written, once
 *       per connection (a broadcast to 1,000 sockets counts 1,000 times its messages);</li>
 *   <li>{@code socketio.bytes.in} / {@code socketio.bytes.out}: their bytes;</li>
 *   <li>{@code socketio.acks.timed.out}: acknowledgements that did not come in time;</li>
 *   <li>{@code socketio.dropped} {@code reason}: input dropped or connections closed for bad input
 *       ({@code "parse error"}, {@code "invalid state"}, {@code "bad argument"}, {@code "event without name"},
 *       {@code "ack without id"}, {@code "unknown ack"}, {@code "slow consumer"});</li>
 *   <li>{@code socketio.refused} {@code reason}: requests the engine refused or sessions it closed for bad
 *       input, with Node's words ({@code "Session ID unknown"}, {@code "payload too large"}, …);</li>
 *   <li>{@code socketio.connect.errors} {@code reason}: CONNECT refused ({@code "Invalid namespace"},
 *       {@code "middleware"}).</li>
 * </ul>
 * Each reason is logged once, at WARN, the first time it is counted.
 *
 * <p><b>Threading:</b> thread-safe; called from event loops, must not block (Micrometer counters don't).
 */
public final class SocketIoMetrics {

  private static final Logger log = LoggerFactory.getLogger(SocketIoMetrics.class);

  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger sockets = new AtomicInteger();
  private final Counter packetsIn;
  private final Counter packetsOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter acksTimedOut;
  private final ConcurrentHashMap<String, Counter> dropped = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> connectErrors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> refused = new ConcurrentHashMap<>();

  SocketIoMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("socketio.connections", Tags.empty(), connections);
    registry.gauge("socketio.sockets", Tags.empty(), sockets);
    packetsIn = registry.counter("socketio.packets.in");
    packetsOut = registry.counter("socketio.packets.out");
    bytesIn = registry.counter("socketio.bytes.in");
    bytesOut = registry.counter("socketio.bytes.out");
    acksTimedOut = registry.counter("socketio.acks.timed.out");
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Open Engine.IO connections now. */
  public int connections() {
    return connections.get();
  }

  /** Connected sockets now. */
  public int sockets() {
    return sockets.get();
  }

  /** How often {@code reason} was counted as dropped input. */
  public double droppedCount(String reason) {
    Counter c = dropped.get(reason);
    return c == null ? 0 : c.count();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void socketConnected() {
    sockets.incrementAndGet();
  }

  void socketDisconnected() {
    sockets.decrementAndGet();
  }

  void packetIn(int bytes) {
    packetsIn.increment();
    bytesIn.increment(bytes);
  }

  void packetOut(List<EncodedPacket> messages) {
    long bytes = 0;
    for (EncodedPacket m : messages) bytes += m.webSocketPayload().length;
    packetsOut.increment(messages.size());
    bytesOut.increment(bytes);
  }

  /** One pass of the fan-out wrote {@code frames} to {@code recipients} connections. */
  void delivered(int recipients, io.netty.buffer.ByteBuf[] frames) {
    long bytes = 0;
    for (io.netty.buffer.ByteBuf f : frames) bytes += io.tidings.transport.websocket.WebSocketFrames.payloadLength(f);
    packetsOut.increment((double) recipients * frames.length);
    bytesOut.increment((double) recipients * bytes);
  }

  void ackTimedOut() {
    acksTimedOut.increment();
  }

  void dropped(String reason) {
    counter(dropped, "socketio.dropped", reason).increment();
  }

  /** How often the engine refused for {@code reason}. */
  public double refusedCount(String reason) {
    Counter c = refused.get(reason);
    return c == null ? 0 : c.count();
  }

  void refused(String reason) {
    counter(refused, "socketio.refused", reason).increment();
  }

  void connectError(String reason) {
    counter(connectErrors, "socketio.connect.errors", reason).increment();
  }

  private Counter counter(ConcurrentHashMap<String, Counter> byReason, String name, String reason) {
    Counter c = byReason.get(reason);
    if (c != null) return c;
    return byReason.computeIfAbsent(reason, r -> {
      log.warn("{}: first occurrence of \"{}\" (counted from now on, not logged again)", name, r);
      return registry.counter(name, "reason", r);
    });
  }
}
