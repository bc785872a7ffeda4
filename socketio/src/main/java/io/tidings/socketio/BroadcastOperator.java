package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.SocketDetails;
import io.tidings.socketio.parser.Packet;
import io.tidings.socketio.parser.PacketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whom to reach and how: Node's {@code BroadcastOperator}. Immutable: {@link #to}, {@link #except},
 * {@link #asVolatile}, {@link #local}, {@link #compress} and {@link #timeout} each return a new operator,
 * so one operator can be kept and emitted from again, from any thread.
 *
 * <pre>
 *   io.to("room1").to("room2").except("room3").emit("news", article);
 *   io.timeout(Duration.ofSeconds(5)).emitWithAck("ping").thenAccept(responses -&gt; …);
 * </pre>
 *
 * <p><b>Threading:</b> thread-safe. Futures complete on an event loop or on the adapter's thread; chain
 * blocking work with an {@code ...Async} method.
 */
public final class BroadcastOperator {

  /** One daemon thread for broadcast acknowledgement timeouts, shared by every server. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tidings-socketio-ack-timer");
    t.setDaemon(true);
    return t;
  });
  private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
      "disconnecting", "newListener", "removeListener");

  private final Namespace nsp;
  private final Set<String> rooms;
  private final Set<String> except;
  private final BroadcastFlags flags;

  BroadcastOperator(Namespace nsp, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
    this.nsp = nsp;
    this.rooms = rooms;
    this.except = except;
    this.flags = flags;
  }

  /** Also the sockets in {@code rooms}. */
  public BroadcastOperator to(String... rooms) {
    Set<String> union = new LinkedHashSet<>(this.rooms);
    union.addAll(Arrays.asList(rooms));
    return new BroadcastOperator(nsp, Set.copyOf(union), except, flags);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** None of the sockets in {@code rooms} (a socket id names one socket). */
  public BroadcastOperator except(String... rooms) {
    Set<String> union = new LinkedHashSet<>(this.except);
    union.addAll(Arrays.asList(rooms));
    return new BroadcastOperator(nsp, this.rooms, Set.copyOf(union), flags);
  }

  /** Node's {@code volatile}: the packet may be dropped for a client not ready for it. */
  public BroadcastOperator asVolatile() {
    return new BroadcastOperator(nsp, rooms, except, flags.withVolatile());
  }

  /** This node's sockets only (a cluster adapter does not publish it). */
  public BroadcastOperator local() {
    return new BroadcastOperator(nsp, rooms, except, flags.withLocal());
  }

  public BroadcastOperator compress(boolean compress) {
    return new BroadcastOperator(nsp, rooms, except, flags.withCompress(compress));
  }

  /** How long {@link #emitWithAck} and {@link #fetchSockets} wait. */
  public BroadcastOperator timeout(Duration timeout) {
    return new BroadcastOperator(nsp, rooms, except, flags.withTimeout(timeout));
  }

  private BroadcastOptions options() {
    return new BroadcastOptions(rooms, except, flags);
  }

  /**
   * Emits to the sockets (Node's {@code emit}). A trailing {@link AckCallback} is not accepted here: use
   * {@link #emitWithAck}. Throws for a reserved event name.
   */
  public boolean emit(String event, Object... args) {
    checkName(event);
    if (args.length > 0 && args[args.length - 1] instanceof AckCallback) {
      throw new IllegalArgumentException("a broadcast takes no AckCallback: use timeout(...).emitWithAck(...)");
    }
    ArrayNode data = JsonValues.eventData(event, args, args.length);
    nsp.adapter().broadcast(Packet.event(nsp.name(), data), options());
    return true;
  }

  /**
   * Emits and collects every client's acknowledgement (the first argument of each), on every node: completes
   * when each server has reported how many clients it reached and that many acknowledgements came, or with
   * {@link AckTimeoutException} (holding those that came) after the {@link #timeout} (5 s when none was set).
   */
  public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
    checkName(event);
    Duration timeout = flags.timeout() != null ? flags.timeout() : Duration.ofSeconds(5);
    ArrayNode data = JsonValues.eventData(event, args, args.length);
    AckCollector collector = new AckCollector();
    ScheduledFuture<?> timer = TIMER.schedule(collector::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    collector.result.whenComplete((r, e) -> timer.cancel(false));
    nsp.adapter().serverCount().whenComplete((count, error) -> collector.expectServers(error == null ? count : 1));
    nsp.adapter().broadcastWithAck(new Packet(PacketType.EVENT, nsp.name(), data, null), options(),
        collector::clientCount, collector::ack);
    return collector.result;
  }

  /** What a broadcast with acknowledgements has gathered; completes once. Thread-safe. */
  private final class AckCollector {
    final CompletableFuture<List<JsonNode>> result = new CompletableFuture<>();
    private final List<JsonNode> responses = new ArrayList<>();
    private int expectedServers = -1;
    private int servers;
    private int expectedClients;

    synchronized void expectServers(int count) {
      expectedServers = count;
      check();
    }

    synchronized void clientCount(int count) {
      servers++;
      expectedClients += count;
      check();
    }

    synchronized void ack(JsonNode response) {
      responses.add(response);
      check();
    }

    synchronized void timeOut() {
      if (result.isDone()) return;
      nsp.server().metrics().ackTimedOut();
      result.completeExceptionally(new AckTimeoutException(responses));
    }

    private void check() {
      if (expectedServers >= 0 && servers == expectedServers && responses.size() == expectedClients) {
        result.complete(List.copyOf(responses));
      }
    }
  }

  /** The sockets, on every node unless {@link #local()} (Node's {@code fetchSockets}). */
  public CompletableFuture<List<RemoteSocket>> fetchSockets() {
    return nsp.adapter().fetchSockets(options()).thenApply(list -> {
      List<RemoteSocket> out = new ArrayList<>(list.size());
      for (SocketDetails d : list) out.add(new RemoteSocket(nsp, d));
      return out;
    });
  }

  /** Makes the sockets join {@code rooms}. */
  public void socketsJoin(String... rooms) {
    nsp.adapter().addSockets(options(), Set.of(rooms));
  }

  /** Makes the sockets leave {@code rooms}. */
  public void socketsLeave(String... rooms) {
    nsp.adapter().delSockets(options(), Set.of(rooms));
  }

  /** Disconnects the sockets; {@code close} closes their connections. */
  public void disconnectSockets(boolean close) {
    nsp.adapter().disconnectSockets(options(), close);
  }

  private static void checkName(String event) {
    if (RESERVED_EVENTS.contains(event)) throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
  }
}
