package io.tidings.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.parser.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application registered on one socket — event handlers, {@code onAny} and {@code onAnyOutgoing}
 * listeners, packet middlewares — and how an incoming event goes through them: any-listeners, then the
 * middlewares in order (the next one where middlewares run, even when one answers from its own thread), then
 * the handlers while the socket is connected.
 *
 * <p>While it has an outgoing listener and its socket is connected, the socket is counted in its namespace's
 * watchers, which makes the namespace's broadcasts visit sockets one by one so the listener sees them.
 *
 * <p><b>Threading:</b> registration from any thread (copy-on-write: immutable snapshots replaced under this
 * object's lock, read without it); {@link #incoming}, {@link #dispatch}
 * and the listeners run through the socket's {@link HandlerQueue}.
 */
final class SocketListeners {

  private static final Logger log = LoggerFactory.getLogger(SocketListeners.class);

  private final String socketId;
  private final HandlerQueue queue;
  private final AtomicInteger namespaceWatchers;
  // Copy-on-write by hand: each field holds an immutable snapshot, replaced under this object's lock, so an
  // idle socket with nothing registered shares the empty ones instead of keeping four concurrent structures.
  private volatile Map<String, List<EventHandler>> handlers = Map.of();
  private volatile List<AnyListener> anyListeners = List.of();
  private volatile List<AnyListener> anyOutgoing = List.of();
  private volatile List<PacketMiddleware> middlewares = List.of();
  /** Whether the socket is counted in {@code namespaceWatchers}; guarded by this object's lock. */
  private boolean watching;

  SocketListeners(String socketId, HandlerQueue queue, AtomicInteger namespaceWatchers) {
    this.socketId = socketId;
    this.queue = queue;
    this.namespaceWatchers = namespaceWatchers;
  }

  synchronized void on(String event, EventHandler handler) {
    Objects.requireNonNull(event, "event");
    Map<String, List<EventHandler>> copy = new HashMap<>(handlers);
    copy.put(event, with(copy.getOrDefault(event, List.of()), handler, false));
    // the JDK's compact immutable map: sockets usually register their handlers one by one in "connection",
    // and a HashMap with its table and nodes would cost each idle socket about twice as much
    handlers = Map.copyOf(copy);
  }

  synchronized void off(String event) {
    if (!handlers.containsKey(event)) return;
    Map<String, List<EventHandler>> copy = new HashMap<>(handlers);
    copy.remove(event);
    handlers = Map.copyOf(copy);
  }

  synchronized void onAny(AnyListener listener, boolean first) {
    anyListeners = with(anyListeners, listener, first);
  }

  synchronized void offAny(AnyListener listener) {
    anyListeners = listener == null ? List.of() : without(anyListeners, listener);
  }

  synchronized void onAnyOutgoing(AnyListener listener, boolean first, boolean connected) {
    anyOutgoing = with(anyOutgoing, listener, first);
    if (connected) watch();
  }

  synchronized void offAnyOutgoing(AnyListener listener) {
    anyOutgoing = listener == null ? List.of() : without(anyOutgoing, listener);
    if (anyOutgoing.isEmpty()) unwatch();
  }

  synchronized void use(PacketMiddleware middleware) {
    middlewares = with(middlewares, middleware, false);
  }

  /** The socket connected: counted among the watchers if it has outgoing listeners already. */
  synchronized void connected() {
    if (!anyOutgoing.isEmpty()) watch();
  }

  /** The socket disconnected: no longer counted. */
  synchronized void disconnected() {
    unwatch();
  }

  /** {@code list} with {@code item} added first or last, as a new compact immutable list. */
  private static <T> List<T> with(List<T> list, T item, boolean first) {
    Objects.requireNonNull(item, "listener");
    List<T> copy = new ArrayList<>(list.size() + 1);
    if (first) copy.add(item);
    copy.addAll(list);
    if (!first) copy.add(item);
    return List.copyOf(copy);
  }

  /** {@code list} without the first occurrence of {@code item} (as {@code CopyOnWriteArrayList.remove}). */
  private static <T> List<T> without(List<T> list, T item) {
    int i = list.indexOf(item);
    if (i < 0) return list;
    List<T> copy = new ArrayList<>(list);
    copy.remove(i);
    return List.copyOf(copy);
  }

  private void watch() {
    if (!watching) {
      watching = true;
      namespaceWatchers.incrementAndGet();
    }
  }

  private void unwatch() {
    if (watching) {
      watching = false;
      namespaceWatchers.decrementAndGet();
    }
  }

  /** Tells the outgoing listeners of {@code packet} (an EVENT), through the queue. Any thread. */
  void notifyOutgoing(Packet packet) {
    if (anyOutgoing.isEmpty()) return;
    ArrayNode data = (ArrayNode) packet.data();
    String event = data.get(0).asText();
    Args args = Args.of(data, 1);
    queue.run(() -> {
      for (AnyListener l : anyOutgoing) l.onEvent(event, args);
    });
  }

  /**
   * An event arrived: any-listeners, middlewares, then the handlers if {@code connected} still says so when
   * the middlewares are done. Runs through the queue.
   */
  void incoming(String event, Args args, Ack ack, Ack noAck, BooleanSupplier connected) {
    queue.run(() -> {
      for (AnyListener l : anyListeners) l.onEvent(event, args);
      runMiddlewares(0, event, args, ack, noAck, connected);
    });
  }

  private void runMiddlewares(int index, String event, Args args, Ack ack, Ack noAck, BooleanSupplier connected) {
    if (index == middlewares.size()) {
      if (connected.getAsBoolean()) dispatch(event, args, ack);
      return;
    }
    PacketMiddleware m = middlewares.get(index);
    Thread caller = Thread.currentThread();
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean called = new AtomicBoolean();
    m.handle(event, args, new Middleware.Next() {
      @Override
      public void proceed() {
        if (!called.compareAndSet(false, true)) return;
        if (!returned.get() && Thread.currentThread() == caller) {
          runMiddlewares(index + 1, event, args, ack, noAck, connected);
        } else {
          queue.run(() -> runMiddlewares(index + 1, event, args, ack, noAck, connected));
        }
      }

      @Override
      public void fail(Exception error) {
        if (!called.compareAndSet(false, true)) return;
        Runnable onError = () -> dispatch("error", Args.of(error.getMessage()), noAck);
        if (!returned.get() && Thread.currentThread() == caller) onError.run(); else queue.run(onError);
      }
    });
    returned.set(true);
  }

  /** Calls the handlers of {@code event}; one that throws is logged and the others still run. */
  void dispatch(String event, Args args, Ack ack) {
    List<EventHandler> list = handlers.get(event);
    if (list == null) return;
    for (EventHandler h : list) {
      try {
        h.handle(args, ack);
      } catch (RuntimeException e) {
        log.warn("socket {}: the handler of {} threw", socketId, event, e);
      }
    }
  }
}
