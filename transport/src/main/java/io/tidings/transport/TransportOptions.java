package io.tidings.transport;

import io.tidings.transport.http.BodyBudget;
import java.util.function.LongSupplier;

/**
 * How the transport listens and guards its HTTP side, in the style of Netty's
 * {@code WebSocketServerProtocolConfig}: immutable, every default here with its unit in the name, checked
 * when built. Per-route WebSocket settings are in {@code WebSocketOptions}.
 *
 * @param host                 the address to listen on
 * @param port                 the port (0: any free port; see {@link TransportServer#port()})
 * @param eventLoopThreads     the event loops that own the connections
 * @param acceptBacklog        pending connections the kernel may queue while the loops accept
 * @param maxBufferedBytes     outgoing bytes a connection may have queued: past this it is not writable and
 *                             a WebSocket is closed as a slow consumer. The socket's kernel send buffer
 *                             ({@code SO_SNDBUF}) is bounded by the same value: left to the kernel's
 *                             autotuning it grows to megabytes, and a stalled reader would take minutes to
 *                             reach the cap
 * @param requestTimeoutMillis an HTTP request must arrive whole within this of its first byte (else 408);
 *                             an idle keep-alive connection is closed after twice this
 * @param maxRequestBodyBytes  a larger request body gets 413 and the connection ends
 * @param bodyBudgetBytes      request-body bytes the whole node holds at once; past it 503 (see
 *                             {@code BodyBudget})
 * @param maxInitialLineBytes  a longer request line gets 414
 * @param maxHeaderBytes       larger headers get 431
 * @param maxChunkBytes        the largest piece of a body the decoder hands on at once
 * @param nanoClock            the clock of the connections' activity times ({@link System#nanoTime} but in tests)
 */
public record TransportOptions(
    String host,
    int port,
    int eventLoopThreads,
    int acceptBacklog,
    int maxBufferedBytes,
    long requestTimeoutMillis,
    int maxRequestBodyBytes,
    long bodyBudgetBytes,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    int maxChunkBytes,
    LongSupplier nanoClock) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_ACCEPT_BACKLOG = 4096;
  public static final int DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
  public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 8192;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16384;
  public static final int DEFAULT_MAX_CHUNK_BYTES = 65536;

  public TransportOptions {
    if (host == null || host.isEmpty()) throw new IllegalArgumentException("host is empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    positive("eventLoopThreads", eventLoopThreads);
    positive("acceptBacklog", acceptBacklog);
    positive("maxBufferedBytes", maxBufferedBytes);
    positive("requestTimeoutMillis", requestTimeoutMillis);
    positive("maxRequestBodyBytes", maxRequestBodyBytes);
    positive("bodyBudgetBytes", bodyBudgetBytes);
    positive("maxInitialLineBytes", maxInitialLineBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxChunkBytes", maxChunkBytes);
    if (nanoClock == null) throw new IllegalArgumentException("nanoClock is null");
  }

  private static void positive(String name, long value) {
    if (value <= 0) throw new IllegalArgumentException(name + " must be positive: " + value);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().host(host).port(port).eventLoopThreads(eventLoopThreads).acceptBacklog(acceptBacklog)
        .maxBufferedBytes(maxBufferedBytes).requestTimeoutMillis(requestTimeoutMillis)
        .maxRequestBodyBytes(maxRequestBodyBytes).bodyBudgetBytes(bodyBudgetBytes)
        .maxInitialLineBytes(maxInitialLineBytes).maxHeaderBytes(maxHeaderBytes).maxChunkBytes(maxChunkBytes)
        .nanoClock(nanoClock);
  }

  /** Builds {@link TransportOptions}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port;
    private int eventLoopThreads = Runtime.getRuntime().availableProcessors();
    private int acceptBacklog = DEFAULT_ACCEPT_BACKLOG;
    private int maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
    private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
    private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    /** A quarter of the heap, at least 8 MiB (see {@code BodyBudget}). */
    private long bodyBudgetBytes = BodyBudget.defaultBudgetBytes();
    private int maxInitialLineBytes = DEFAULT_MAX_INITIAL_LINE_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxChunkBytes = DEFAULT_MAX_CHUNK_BYTES;
    private LongSupplier nanoClock = System::nanoTime;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder eventLoopThreads(int threads) {
      this.eventLoopThreads = threads;
      return this;
    }

    public Builder acceptBacklog(int connections) {
      this.acceptBacklog = connections;
      return this;
    }

    public Builder maxBufferedBytes(int bytes) {
      this.maxBufferedBytes = bytes;
      return this;
    }

    public Builder requestTimeoutMillis(long millis) {
      this.requestTimeoutMillis = millis;
      return this;
    }

    public Builder maxRequestBodyBytes(int bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    public Builder bodyBudgetBytes(long bytes) {
      this.bodyBudgetBytes = bytes;
      return this;
    }

    public Builder maxInitialLineBytes(int bytes) {
      this.maxInitialLineBytes = bytes;
      return this;
    }

    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = bytes;
      return this;
    }

    public Builder maxChunkBytes(int bytes) {
      this.maxChunkBytes = bytes;
      return this;
    }

    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = clock;
      return this;
    }

    public TransportOptions build() {
      return new TransportOptions(host, port, eventLoopThreads, acceptBacklog, maxBufferedBytes, requestTimeoutMillis,
          maxRequestBodyBytes, bodyBudgetBytes, maxInitialLineBytes, maxHeaderBytes, maxChunkBytes, nanoClock);
    }
  }
}
