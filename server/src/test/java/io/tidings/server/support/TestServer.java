package io.tidings.server.support;

import io.tidings.server.TidingsServer;
import io.tidings.server.config.ConfigLoader;
import io.tidings.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Tidings node started in this JVM on a free loopback port, configured the way a user would: with
 * {@code SOKETI_*} variables and optionally Soketi's JSON config file. Closing it stops the node.
 */
public final class TestServer implements AutoCloseable {

  /** The default app's credentials. */
  public static final String APP_ID = "app-id";
  public static final String APP_KEY = "app-key";
  public static final String APP_SECRET = "app-secret";

  private final TidingsServer server;

  private TestServer(TidingsServer server) {
    this.server = server;
  }

  /** Starts with the defaults plus {@code env}. */
  public static TestServer start(Map<String, String> env) {
    return start(env, null);
  }

  /** Starts with the defaults plus {@code env} and, when not null, a config file holding {@code configJson}. */
  public static TestServer start(Map<String, String> env, String configJson) {
    Map<String, String> all = new HashMap<>();
    all.put("SOKETI_HOST", "127.0.0.1");
    all.put("SOKETI_PORT", "0");
    all.put("SOKETI_METRICS_SERVER_PORT", "0");
    all.put("SOKETI_METRICS_HOST", "127.0.0.1");
    all.put("SOKETI_SHUTDOWN_GRACE_PERIOD", "100");
    all.putAll(env);
    Path file = null;
    try {
      if (configJson != null) {
        file = Files.createTempFile("tidings-config", ".json");
        Files.writeString(file, configJson);
      }
      ServerConfig config = ConfigLoader.load(all, file).config();
      return new TestServer(TidingsServer.start(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) file.toFile().delete();
    }
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public int port() {
    return server.port();
  }

  public TidingsServer server() {
    return server;
  }

  /** {@code ws://127.0.0.1:<port><prefix>/app/<key>?protocol=7}. */
  public String wsUrl(String key) {
    return "ws://127.0.0.1:" + port() + server.config().pathPrefix() + "/app/" + key + "?protocol=7&client=java&version=test";
  }

  public String wsUrl() {
    return wsUrl(APP_KEY);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String httpBase() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:<metrics port>}: the metrics server ({@code /}, {@code /ready}, {@code /usage}, {@code /metrics}). */
  public String metricsBase() {
    return "http://127.0.0.1:" + server.metricsPort();
  }

  /** The Prometheus text of {@code /metrics} (metrics must be enabled). */
  public String scrape() {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsBase() + server.config().pathPrefix() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode());
      return r.body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
