package io.tidings.server.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.MetricsJson;
import io.tidings.server.metrics.PrometheusMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The metrics server on {@code SOKETI_METRICS_HOST:SOKETI_METRICS_SERVER_PORT}, as Soketi's: under
 * {@code SOKETI_PATH_PREFIX} it serves {@code GET /} ({@code OK}), {@code /ready} ({@code OK}, or the
 * closing error while the node shuts down), {@code /usage} (JVM memory) — always — and
 * {@code /metrics} (Prometheus text, or prom-client JSON with {@code ?json=1}) when
 * {@code SOKETI_METRICS_ENABLED}. Anything else is an empty 404.
 *
 * <p>Runs on the JDK's HTTP server with one daemon thread of its own, so a scrape never takes time from
 * the event loops. Thread-safe; {@link #close} once.
 */
public final class MetricsServer implements AutoCloseable {

  private static final String CLOSING = "The server is closing. Choose another server. :)";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService thread;
  private final String prefix;
  private final boolean soketiStatusCodes;
  private final BooleanSupplier closing;
  private final PrometheusMetrics metrics;

  private MetricsServer(HttpServer server, ExecutorService thread, String prefix, boolean soketiStatusCodes,
      BooleanSupplier closing, PrometheusMetrics metrics) {
    this.server = server;
    this.thread = thread;
    this.prefix = prefix;
    this.soketiStatusCodes = soketiStatusCodes;
    this.closing = closing;
    this.metrics = metrics;
  }

  /**
   * Binds and starts the server.
   *
   * @param closing true once the node shuts down
   * @param metrics the registry to expose, or null when metrics are disabled ({@code /metrics} is then 404)
   * @throws IllegalStateException naming {@code SOKETI_METRICS_SERVER_PORT} when the address cannot be bound
   */
  public static MetricsServer start(ServerConfig config, BooleanSupplier closing, PrometheusMetrics metrics) {
    ServerConfig.Metrics m = config.metrics();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(m.host(), m.port()), 64);
    } catch (IOException e) {
      // Like a busy main port: not an invalid value, so not a ConfigException, but the message names the variable.
      throw new IllegalStateException("Cannot listen on " + m.host() + ":" + m.port() + " for the metrics server "
          + "(SOKETI_METRICS_HOST, SOKETI_METRICS_SERVER_PORT): " + e.getMessage(), e);
    }
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tidings-metrics-server");
      t.setDaemon(true);
      return t;
    });
    MetricsServer ops = new MetricsServer(server, thread, config.pathPrefix(), config.http().soketiStatusCodes(), closing, metrics);
    server.createContext("/", ops::handle);
    server.setExecutor(thread);
    server.start();
    return ops;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      String route = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
      if (route == null || !(method.equals("GET") || method.equals("HEAD"))) {
        send(ex, 404, null, new byte[0]);
      } else if (route.isEmpty() || route.equals("/")) {
        send(ex, 200, "text/plain; charset=utf-8", bytes("OK"));
      } else if (route.equals("/ready")) {
        ready(ex);
      } else if (route.equals("/usage")) {
        send(ex, 200, "application/json", bytes(usage()));
      } else if (route.equals("/metrics") && metrics != null) {
        String query = ex.getRequestURI().getRawQuery();
        if (query != null && (query.equals("json=1") || query.contains("json=1&") || query.endsWith("&json=1"))) {
          send(ex, 200, "application/json", bytes(MetricsJson.render(metrics)));
        } else {
          send(ex, 200, PROMETHEUS_TEXT, bytes(metrics.scrape()));
        }
      } else {
        send(ex, 404, null, new byte[0]);
      }
    }
  }

  private void ready(HttpExchange ex) throws IOException {
    if (!closing.getAsBoolean()) {
      send(ex, 200, "text/plain; charset=utf-8", bytes("OK"));
      return;
    }
    // As the main port's /ready: a real 503 unless Soketi's "200 with the code in the body" is asked for.
    int code = soketiStatusCodes ? 500 : 503;
    send(ex, soketiStatusCodes ? 200 : 503, "application/json",
        bytes("{\"error\":\"" + CLOSING + "\",\"code\":" + code + "}"));
  }

  /**
   * Soketi's {@code {"memory":{"free","used","total","percent"}}}, from the JVM heap: used = allocated
   * minus free, total = the maximum heap ({@code -Xmx}), as {@code /accept-traffic} computes it.
   */
  static String usage() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long total = rt.maxMemory();
    double percent = used * 100.0 / total;
    return "{\"memory\":{\"free\":" + (total - used) + ",\"used\":" + used + ",\"total\":" + total
        + ",\"percent\":" + JavaScriptJson.formatNumber(percent) + "}}";
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Stops listening at once (exchanges in progress are cut). */
  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
