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
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Tidings node started in this JVM on a free loopback port, configured the way a user would: with
 * {@code SOKETI_*} variables and optionally Soketi's JSON config file. Closing it stops the node.
 *
 * <p>Two ways to get one:
 * <ul>
 *   <li>As a JUnit extension, which starts and stops it: {@code @RegisterExtension static final TestServer
 *       server = TestServer.with(env)} gives the test class one node, started before its
 *       {@code @BeforeAll} methods and stopped after its {@code @AfterAll} methods; on an instance field,
 *       each test gets its own, around its {@code @BeforeEach} and {@code @AfterEach} methods.</li>
 *   <li>{@link #start}, started at once, for a test that needs its own node (closed with
 *       try-with-resources).</li>
 * </ul>
 *
 * <p>Used by one test thread.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {

  /** The default app's credentials. */
  public static final String APP_ID = "app-id";
  public static final String APP_KEY = "app-key";
  public static final String APP_SECRET = "app-secret";

  private final Supplier<Map<String, String>> env;
  private final String configJson;
  private TidingsServer server;
  /** Started by {@link #beforeAll}: the node serves the whole class, not one test. */
  private boolean perClass;

  private TestServer(Supplier<Map<String, String>> env, String configJson) {
    this.env = env;
    this.configJson = configJson;
  }

  /** A node with the defaults plus {@code env}, for {@code @RegisterExtension}; not started yet. */
  public static TestServer with(Map<String, String> env) {
    return with(env, null);
  }

  /**
   * A node with the defaults plus {@code env} and, when not null, a config file holding {@code configJson},
   * for {@code @RegisterExtension}; not started yet.
   */
  public static TestServer with(Map<String, String> env, String configJson) {
    Map<String, String> copy = Map.copyOf(env);
    return new TestServer(() -> copy, configJson);
  }

  /**
   * A node whose variables are computed when it starts ({@code env} may create its database first), for
   * {@code @RegisterExtension}; not started yet.
   */
  public static TestServer withEnvFrom(Supplier<Map<String, String>> env) {
    return new TestServer(env, null);
  }

  /** Starts a node with the defaults plus {@code env}. */
  public static TestServer start(Map<String, String> env) {
    return start(env, null);
  }

  /** Starts a node with the defaults plus {@code env} and, when not null, a config file holding {@code configJson}. */
  public static TestServer start(Map<String, String> env, String configJson) {
    TestServer s = with(env, configJson);
    s.startNow();
    return s;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  private void startNow() {
    Map<String, String> all = new HashMap<>();
    all.put("SOKETI_HOST", "127.0.0.1");
    all.put("SOKETI_PORT", "0");
    all.put("SOKETI_METRICS_SERVER_PORT", "0");
    all.put("SOKETI_METRICS_HOST", "127.0.0.1");
    all.put("SOKETI_SHUTDOWN_GRACE_PERIOD", "100");
    all.putAll(env.get());
    Path file = null;
    try {
      if (configJson != null) {
        file = Files.createTempFile("tidings-config", ".json");
        Files.writeString(file, configJson);
      }
      ServerConfig config = ConfigLoader.load(all, file).config();
      server = TidingsServer.start(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) file.toFile().delete();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    startNow();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) startNow();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) close();
  }

  public int port() {
    return server().port();
  }

  /** The node; throws when it has not been started. */
  public TidingsServer server() {
    if (server == null) throw new IllegalStateException("the test server is not started (register it with @RegisterExtension)");
    return server;
  }

  /** {@code ws://127.0.0.1:<port><prefix>/app/<key>?protocol=7}. */
  public String wsUrl(String key) {
    return "ws://127.0.0.1:" + port() + server().config().pathPrefix() + "/app/" + key + "?protocol=7&client=java&version=test";
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
    return "http://127.0.0.1:" + server().metricsPort();
  }

  /** The Prometheus text of {@code /metrics} (metrics must be enabled). */
  public String scrape() {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsBase() + server().config().pathPrefix() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode());
      return r.body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Stops the node (gracefully, as a user's stop); nothing when it never started. */
  @Override
  public void close() {
    if (server != null) server.stop();
  }
}
