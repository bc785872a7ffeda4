package io.tidings.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.parser.Packet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p><b>Threading:</b> registration from any thread (copy-on-write lists); {@link #incoming}, {@link #dispatch}
 * and the listeners run through the socket's {@link HandlerQueue}.
 */
final class SocketListeners {

  private static final Logger log = LoggerFactory.getLogger(SocketListeners.class);

  private final String socketId;
  private final HandlerQueue queue;
  private final AtomicInteger namespaceWatchers;
  private final Map<String, CopyOnWriteArrayList<EventHandler>> handlers = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<AnyListener> anyListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<AnyListener> anyOutgoing = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<PacketMiddleware> middlewares = new CopyOnWriteArrayList<>();
  /** Whether the socket is counted in {@code namespaceWatchers}; guarded by {@code anyOutgoing}. */
  private boolean watching;

  SocketListeners(String socketId, HandlerQueue queue, AtomicInteger namespaceWatchers) {
    this.socketId = socketId;
    this.queue = queue;
    this.namespaceWatchers = namespaceWatchers;
  }

  void on(String event, EventHandler handler) {
    handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
  }

  void off(String event) {
    handlers.remove(event);
  }

  void onAny(AnyListener listener, boolean first) {
    if (first) anyListeners.add(0, listener); else anyListeners.add(listener);
  }

  void offAny(AnyListener listener) {
    if (listener == null) anyListeners.clear(); else anyListeners.remove(listener);
  }

  void onAnyOutgoing(AnyListener listener, boolean first, boolean connected) {
    synchronized (anyOutgoing) {
      if (first) anyOutgoing.add(0, listener); else anyOutgoing.add(listener);
      if (connected) watch();
    }
  }

  void offAnyOutgoing(AnyListener listener) {
    synchronized (anyOutgoing) {
      if (listener == null) anyOutgoing.clear(); else anyOutgoing.remove(listener);
      if (anyOutgoing.isEmpty()) unwatch();
    }
  }

  void use(PacketMiddleware middleware) {
    middlewares.add(middleware);
  }

  /** The socket connected: counted among the watchers if it has outgoing listeners already. */
  void connected() {
    synchronized (anyOutgoing) {
      if (!anyOutgoing.isEmpty()) watch();
    }
  }

  /** The socket disconnected: no longer counted. */
  void disconnected() {
    synchronized (anyOutgoing) {
      unwatch();
    }
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
