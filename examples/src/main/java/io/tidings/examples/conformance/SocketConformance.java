package io.tidings.examples.conformance;

import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.http.CorsPolicy;
import java.time.Duration;

/**
 * {@code conformance-socketio}: the reference server of the official Socket.IO test suite
 * ({@code socketio/socket.io-protocol}, {@code test-suite/}), as its README configures Node's: Socket.IO at
 * {@code /socket.io/} with {@code pingInterval} 300 ms, {@code pingTimeout} 200 ms, {@code maxHttpBufferSize}
 * 1,000,000, {@code connectTimeout} 1000 ms and CORS for any origin. On connection it emits {@code auth} with
 * the handshake's auth; {@code message} is answered by {@code message-back} with the same arguments,
 * {@code message-with-ack} by an acknowledgement with the same arguments; namespace {@code /custom} emits
 * {@code auth} on connection too.
 *
 * <p>One event loop, as {@link EngineConformance} and for the same reason: the suite sends requests at the
 * same instant on separate connections and expects them taken in the order they were sent.
 *
 * <p><b>Threading:</b> {@link #start} and {@link #close} from any thread; handlers run on the one loop.
 */
public final class SocketConformance implements AutoCloseable {

  public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);

  private final SocketIoServer io;
  private final int port;

  private SocketConformance(SocketIoServer io, int port) {
    this.io = io;
    this.port = port;
  }

  /** Listens on {@code host}:{@code port} (0: any free port). */
  public static SocketConformance start(String host, int port) {
    SocketIoServer io = SocketIoServer.newBuilder()
        .pingInterval(EngineConformance.PING_INTERVAL)
        .pingTimeout(EngineConformance.PING_TIMEOUT)
        .maxHttpBufferSize(EngineConformance.MAX_PAYLOAD_BYTES)
        .connectTimeout(CONNECT_TIMEOUT)
        .cors(CorsPolicy.newBuilder().allowAnyOrigin().allowMethods(EngineConformance.CORS_METHODS).build())
        .build();
    io.on("connection", (Socket socket) -> {
      socket.emit("auth", socket.handshake().auth());
      socket.on("message", (args, ack) -> socket.emit("message-back", args.toList().toArray()));
      socket.on("message-with-ack", (args, ack) -> ack.send(args.toList().toArray()));
    });
    io.of("/custom").on("connection", (Socket socket) -> socket.emit("auth", socket.handshake().auth()));
    int bound = io.listen(TransportOptions.newBuilder().host(host).port(port)
        .eventLoopThreads(EngineConformance.EVENT_LOOPS).build());
    return new SocketConformance(io, bound);
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** Disconnects every client, then closes the listener and its loop. Idempotent. */
  @Override
  public void close() {
    io.close();
  }
}
