package io.tidings.socketio.engine;

import io.tidings.transport.TransportOptions;
import io.tidings.transport.http.CorsPolicy;
import java.time.Duration;

/**
 * The reference server of the official Engine.IO test suite ({@code socketio/engine.io-protocol},
 * {@code test-suite/}): a bare engine at {@code /engine.io/} that echoes every message, with
 * {@code pingInterval} 300 ms, {@code pingTimeout} 200 ms, {@code maxPayload} 1,000,000 and CORS for any
 * origin, on port {@code PORT} (3000 by default), with {@code LOOPS} event loops (1 by default).
 *
 * <p>One loop by default because the suite's "forcefully closes the session" test sends a poll and a POST
 * holding the close packet at the same instant, on two new connections, and expects the poll to be taken
 * first, as Node's single thread takes them in the order they arrive. With several loops the two
 * connections may land on different loops, and on a busy machine the loop that read the POST can reach the
 * session first (about one attempt in four on a loaded two-core machine): the protocol is the same, the
 * order of two requests sent at once is not. Run it with {@code LOOPS=2} to see.
 *
 * <p>Run it from the test classpath:
 *
 * <pre>
 *   mvn -B -o -q -pl socketio -am test-compile
 *   java -cp "$(cat socketio/target/test-classpath.txt):socketio/target/classes:socketio/target/test-classes" \
 *       io.tidings.socketio.engine.EngineConformanceServer
 * </pre>
 *
 * then, in the suite's folder, {@code npx mocha --retries 2 test-suite.js}.
 */
public final class EngineConformanceServer {

  private EngineConformanceServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    int loops = Integer.parseInt(System.getenv().getOrDefault("LOOPS", "1"));
    EngineOptions options = EngineOptions.newBuilder()
        .path(EngineOptions.BARE_ENGINE_PATH)
        .pingInterval(Duration.ofMillis(300))
        .pingTimeout(Duration.ofMillis(200))
        .maxHttpBufferSize(1_000_000)
        .cors(CorsPolicy.newBuilder().allowAnyOrigin().allowMethods("GET,HEAD,PUT,PATCH,POST,DELETE").build())
        .build();
    EngineTestServer server = EngineTestServer.start(options,
        TransportOptions.newBuilder().host("0.0.0.0").port(port).eventLoopThreads(loops));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("Engine.IO conformance server on port " + server.port() + ", path /engine.io/, " + loops + " event loop(s)");
    while (true) {
      String event = server.events.take();
      if (System.getenv("VERBOSE") != null) System.out.println(event);
    }
  }
}
