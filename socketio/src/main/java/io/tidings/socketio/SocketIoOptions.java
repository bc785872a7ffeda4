package io.tidings.socketio;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.socketio.adapter.AdapterFactory;
import io.tidings.socketio.engine.EngineOptions;
import io.tidings.socketio.parser.Parser;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How a {@link SocketIoServer} behaves, with Node's socket.io 4.8 defaults; built by
 * {@link SocketIoServer.Builder}, checked there, immutable.
 *
 * @param engine                  the Engine.IO options (path {@code /socket.io/}, heartbeat, transports, CORS,
 *                                {@code allowRequest}, {@code maxHttpBufferSize})
 * @param connectTimeout          how long a connection may stay without joining a namespace before it is closed
 *                                (Node's {@code connectTimeout}, 45 s)
 * @param parser                  the packet format: {@code DefaultParser} (Node's default) or {@code MsgpackParser}
 * @param adapter                 makes each namespace's adapter ({@code InMemoryAdapter.FACTORY} by default)
 * @param handlerExecutor         where handlers and middlewares run, in order per socket; null: on the event loop
 * @param connectionStateRecovery Node's {@code connectionStateRecovery}, or null when off (the default)
 * @param meterRegistry           where the meters go ({@link SocketIoMetrics})
 * @param serveClient             whether the browser client is served at {@code <path>/socket.io.js} and its
 *                                siblings (Node's {@code serveClient}, on by default; see
 *                                {@link io.tidings.socketio.clientdist.ClientDist})
 */
public record SocketIoOptions(EngineOptions engine, Duration connectTimeout, Parser parser, AdapterFactory adapter,
    Executor handlerExecutor, Recovery connectionStateRecovery, MeterRegistry meterRegistry, boolean serveClient) {

  /** Node's {@code connectTimeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(45_000);

  public SocketIoOptions {
    if (engine == null) throw new IllegalArgumentException("engine options are null");
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (parser == null) throw new IllegalArgumentException("parser is null");
    if (adapter == null) throw new IllegalArgumentException("adapter is null");
    if (meterRegistry == null) throw new IllegalArgumentException("meterRegistry is null");
  }

  /**
   * Connection state recovery: a client that lost its connection and comes back within
   * {@code maxDisconnectionDuration} gets its id, rooms and data back and the broadcasts it missed.
   *
   * @param maxDisconnectionDuration how long sessions and packets are kept (Node: 2 minutes)
   * @param skipMiddlewares          whether a recovered socket skips the middlewares (Node: true)
   */
  public record Recovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

    public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);

    public Recovery {
      if (maxDisconnectionDuration == null || maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
        throw new IllegalArgumentException("maxDisconnectionDuration must be positive: " + maxDisconnectionDuration);
      }
    }

    /** Node's defaults: 2 minutes, middlewares skipped. */
    public static Recovery defaults() {
      return new Recovery(DEFAULT_MAX_DISCONNECTION_DURATION, true);
    }
  }
}
