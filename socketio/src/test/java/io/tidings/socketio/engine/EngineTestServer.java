package io.tidings.socketio.engine;

import io.netty.handler.ssl.SslContext;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Engine.IO server on a real port for tests: echoes every message (text and binary) back to its
 * session, and records what happened — sessions, messages, closes with their reasons, upgrades, refusals —
 * as lines a test can wait for ({@code "close <sid> transport error overlap from client"}).
 */
public final class EngineTestServer implements AutoCloseable {

  public final TransportServer transport;
  public final EngineServer engine;
  /** Everything that happened, in order (the conformance server prints it). */
  public final BlockingQueue<String> events = new LinkedBlockingQueue<>() {
    @Override
    public boolean add(String e) {
      history.add(e);
      return super.add(e);
    }
  };
  public final List<String> refusals = new CopyOnWriteArrayList<>();
  public final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();
  /** {@link #events} as a list that {@link #await} reads without taking anything out. */
  private final List<String> history = new CopyOnWriteArrayList<>();
  private final java.util.Set<Integer> claimed = new java.util.HashSet<>();

  private EngineTestServer(EngineOptions options, TransportOptions transportOptions, SslContext ssl) {
    transport = new TransportServer(transportOptions);
    engine = new EngineServer(options, transport.loops(), new EngineListener() {
      @Override
      public void onConnection(EngineSocket socket) {
        sockets.put(socket.id(), socket);
        events.add("connection " + socket.id() + " " + socket.transport());
        socket.setListener(new EngineSocket.Listener() {
          @Override
          public void onText(String data) {
            events.add("text " + socket.id() + " " + data);
            if (data.equals("close-me")) {
              socket.sendText(data);
              socket.close();
            } else {
              socket.sendText(data);
            }
          }

          @Override
          public void onBinary(byte[] data) {
            events.add("binary " + socket.id() + " " + data.length);
            socket.sendBinary(data);
          }

          @Override
          public void onClose(String reason, String description) {
            events.add("close " + socket.id() + " " + reason + (description != null ? " " + description : ""));
          }

          @Override
          public void onUpgrade(String name) {
            events.add("upgrade " + socket.id() + " " + name);
          }
        });
      }

      @Override
      public void onRefused(String reason) {
        refusals.add(reason);
      }

      @Override
      public void onSlowConsumer(EngineSocket socket) {
        events.add("slow " + socket.id());
      }
    });
    Routes.Builder routes = Routes.newBuilder();
    engine.mount(routes);
    transport.bind(routes.build(), ssl);
  }

  /** On 127.0.0.1, any free port, two event loops. */
  public static EngineTestServer start(EngineOptions options) {
    return start(options, TransportOptions.newBuilder().eventLoopThreads(2).host("127.0.0.1").port(0));
  }

  public static EngineTestServer start(EngineOptions options, TransportOptions.Builder transportOptions) {
    return new EngineTestServer(options, transportOptions.build(), null);
  }

  /** Over TLS. */
  public static EngineTestServer start(EngineOptions options, TransportOptions.Builder transportOptions, SslContext ssl) {
    return new EngineTestServer(options, transportOptions.build(), ssl);
  }

  public int port() {
    return transport.port();
  }

  /**
   * The session {@code sid}, once the listener heard of it (a handshake's answer may reach the client a
   * moment before {@code onConnection} ran on the server's loop); fails after 10 s.
   */
  public EngineSocket socket(String sid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      EngineSocket s = sockets.get(sid);
      if (s != null) return s;
      Thread.sleep(5);
    }
    throw new AssertionError("no session " + sid + " within 10 s");
  }

  /** Waits until session {@code sid} holds a poll (a GET sent a moment ago reached it); fails after 10 s. */
  public void awaitPollHeld(String sid) throws Exception {
    EngineSession session = (EngineSession) socket(sid);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      boolean held = session.loop().submit(() -> session.currentTransport() instanceof PollingTransport p && p.writable())
          .get(5, TimeUnit.SECONDS);
      if (held) return;
      Thread.sleep(5);
    }
    throw new AssertionError("session " + sid + " holds no poll after 10 s");
  }

  /**
   * The first event starting with {@code prefix} that no earlier call returned, in the order they
   * happened (events of other sessions stay for their own calls); fails after 10 s.
   */
  public String await(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (claimed) {
        List<String> all = List.copyOf(history);
        for (int i = 0; i < all.size(); i++) {
          if (!claimed.contains(i) && all.get(i).startsWith(prefix)) {
            claimed.add(i);
            return all.get(i);
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no event starting with '" + prefix + "' within 10 s; events: " + history);
  }

  @Override
  public void close() {
    engine.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    transport.close();
  }
}
