package io.tidings.socketio.engine;

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
  /** Everything that happened, in order. */
  public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  public final List<String> refusals = new CopyOnWriteArrayList<>();
  public final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();

  private EngineTestServer(EngineOptions options, TransportOptions transportOptions) {
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
    });
    Routes.Builder routes = Routes.newBuilder();
    engine.mount(routes);
    transport.bind(routes.build(), null);
  }

  /** On 127.0.0.1, any free port, two event loops. */
  public static EngineTestServer start(EngineOptions options) {
    return start(options, TransportOptions.newBuilder().eventLoopThreads(2).host("127.0.0.1").port(0));
  }

  public static EngineTestServer start(EngineOptions options, TransportOptions.Builder transportOptions) {
    return new EngineTestServer(options, transportOptions.build());
  }

  public int port() {
    return transport.port();
  }

  /** The next event starting with {@code prefix}, skipping others; fails after 10 s. */
  public String await(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long left = deadline - System.nanoTime();
      String e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (e == null) throw new AssertionError("no event starting with '" + prefix + "' within 10 s");
      if (e.startsWith(prefix)) return e;
    }
  }

  @Override
  public void close() {
    engine.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    transport.close();
  }
}
