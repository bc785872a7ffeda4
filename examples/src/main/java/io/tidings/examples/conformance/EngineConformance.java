package io.tidings.examples.conformance;

import io.tidings.socketio.engine.EngineOptions;
import io.tidings.socketio.engine.EngineServer;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.http.CorsPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code conformance-engineio}: the reference server of the official Engine.IO test suite
 * ({@code socketio/engine.io-protocol}, {@code test-suite/}): a bare engine at {@code /engine.io/} that
 * echoes every message, text and binary ({@link EchoListener}), with {@code pingInterval} 300 ms,
 * {@code pingTimeout} 200 ms, {@code maxPayload} 1,000,000 and CORS for any origin.
 *
 * <p><b>One event loop</b>, on purpose: the suite's "forcefully closes the session" test sends a poll and a
 * POST holding the close packet at the same instant, on two new connections, and expects the poll to be
 * taken first, as Node's single thread takes them in the order they arrive. With several loops the two
 * connections may land on different loops, and on a busy machine the loop that read the POST can reach the
 * session first (about one attempt in four on a loaded two-core machine): the protocol is the same, the
 * order of two requests sent at once is not.
 *
 * <p><b>Threading:</b> {@link #start} and {@link #close} from any thread; the engine's work runs on the one
 * loop.
 */
public final class EngineConformance implements AutoCloseable {

  /** The suite's constants ({@code PING_INTERVAL}, {@code PING_TIMEOUT} at the top of its test-suite.js). */
  public static final Duration PING_INTERVAL = Duration.ofMillis(300);
  public static final Duration PING_TIMEOUT = Duration.ofMillis(200);
  public static final int MAX_PAYLOAD_BYTES = 1_000_000;
  static final int EVENT_LOOPS = 1;
  /** What the {@code cors} package Node uses allows by default. */
  static final String CORS_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

  public static final EngineOptions OPTIONS = EngineOptions.newBuilder()
      .path(EngineOptions.BARE_ENGINE_PATH)
      .pingInterval(PING_INTERVAL)
      .pingTimeout(PING_TIMEOUT)
      .maxHttpBufferSize(MAX_PAYLOAD_BYTES)
      .cors(CorsPolicy.newBuilder().allowAnyOrigin().allowMethods(CORS_METHODS).build())
      .build();

  private static final long CLOSE_WAIT_SECONDS = 5;

  private final TransportServer transport;
  private final EngineServer engine;

  private EngineConformance(TransportServer transport, EngineServer engine) {
    this.transport = transport;
    this.engine = engine;
  }

  /** Listens on {@code host}:{@code port} (0: any free port). */
  public static EngineConformance start(String host, int port) {
    TransportServer transport = new TransportServer(
        TransportOptions.newBuilder().host(host).port(port).eventLoopThreads(EVENT_LOOPS).build());
    try {
      EngineServer engine = new EngineServer(OPTIONS, transport.loops(), new EchoListener());
      Routes.Builder routes = Routes.newBuilder();
      engine.mount(routes);
      transport.bind(routes.build(), null);
      return new EngineConformance(transport, engine);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** The port it listens on. */
  public int port() {
    return transport.port();
  }

  /** The open sessions. */
  public int clientsCount() {
    return engine.clientsCount();
  }

  /** Closes every session, then the listener and its loop. Idempotent. */
  @Override
  public void close() {
    engine.close().orTimeout(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).exceptionally(e -> null).join();
    transport.close();
  }
}
