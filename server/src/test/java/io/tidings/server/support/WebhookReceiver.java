package io.tidings.server.support;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP webhook receiver (the JDK's HTTP server on a loopback port): keeps every request with its
 * headers and exact body bytes, in arrival order, and answers with the statuses it is told to (200 once
 * they run out). It can also hold every request until released, to play a stuck receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 10;

  /** One request as it arrived. */
  public record Request(String method, String path, Headers headers, byte[] body) {
    public String header(String name) {
      return headers.getFirst(name);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    /** The {@code events} of the payload. */
    public List<JsonNode> events() {
      List<JsonNode> out = new ArrayList<>();
      json().path("events").forEach(out::add);
      return out;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "webhook-receiver");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile CountDownLatch hold;

  private WebhookReceiver(InetSocketAddress address) throws IOException {
    server = HttpServer.create(address, 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** A receiver on a free loopback port. */
  public static WebhookReceiver start() {
    return startOn(0);
  }

  /** A receiver on {@code port} of the loopback interface. */
  public static WebhookReceiver startOn(int port) {
    try {
      return new WebhookReceiver(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port that nothing listens on (at the moment of the call). */
  public static int unusedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      count.incrementAndGet();
      received.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), body));
      CountDownLatch h = hold;
      if (h != null) {
        try {
          h.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Integer status = statuses.poll();
      ex.sendResponseHeaders(status == null ? 200 : status, -1);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/webhooks}. */
  public String url() {
    return url("/webhooks");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Answers the next requests with these statuses, in order; 200 afterwards. */
  public WebhookReceiver respondWith(int... codes) {
    for (int c : codes) statuses.add(c);
    return this;
  }

  /** Holds every request (before answering) until the returned latch is counted down. */
  public CountDownLatch holdRequests() {
    CountDownLatch l = new CountDownLatch(1);
    hold = l;
    return l;
  }

  /** The next request; fails after 10 s. */
  public Request next() {
    Request r = poll(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    if (r == null) fail("no webhook within " + WAIT_SECONDS + " s");
    return r;
  }

  /** The next request within {@code millis}, or null. */
  public Request poll(long millis) {
    try {
      return received.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Requests received so far (answered or not). */
  public int count() {
    return count.get();
  }

  @Override
  public void close() {
    CountDownLatch h = hold;
    if (h != null) h.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
