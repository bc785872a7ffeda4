package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Dynamic namespaces (Node's {@code ParentNamespace}, from {@code io.of(/^\/room-\d+$/)}): a namespace is
 * made for each accepted name when a client first connects to it, and gets this parent's middlewares and
 * connection handlers, those added before and after.
 *
 * <p><b>Threading:</b> thread-safe.
 */
public final class ParentNamespace {

  private final SocketIoServer server;
  private final BiPredicate<String, JsonNode> accepts;
  private final CopyOnWriteArrayList<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
  private final Map<String, Namespace> children = new ConcurrentHashMap<>();

  ParentNamespace(SocketIoServer server, BiPredicate<String, JsonNode> accepts) {
    this.server = server;
    this.accepts = accepts;
  }

  boolean accepts(String name, JsonNode auth) {
    return accepts.test(name, auth);
  }

  /** {@code child} was made for this parent: give it the handlers. */
  synchronized void adopt(Namespace child) {
    if (children.putIfAbsent(child.name(), child) != null) return;
    for (Middleware m : middlewares) child.use(m);
    for (Consumer<Socket> h : connectionHandlers) child.on("connection", h);
  }

  /** The namespaces made so far, by name. */
  public Map<String, Namespace> children() {
    return Map.copyOf(children);
  }

  public synchronized ParentNamespace on(String event, Consumer<Socket> handler) {
    if (!event.equals("connection") && !event.equals("connect")) {
      throw new IllegalArgumentException("a namespace emits \"connection\" and \"connect\" only, not \"" + event + "\"");
    }
    connectionHandlers.add(handler);
    for (Namespace child : children.values()) child.on("connection", handler);
    return this;
  }

  public synchronized ParentNamespace use(Middleware middleware) {
    middlewares.add(middleware);
    for (Namespace child : children.values()) child.use(middleware);
    return this;
  }

  /** Emits to every socket of every child namespace. */
  public boolean emit(String event, Object... args) {
    for (Namespace child : children.values()) child.emit(event, args);
    return true;
  }

  /** The server. */
  public SocketIoServer server() {
    return server;
  }
}
