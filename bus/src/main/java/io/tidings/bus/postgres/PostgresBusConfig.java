package io.tidings.bus.postgres;

import io.tidings.bus.BusErrorHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of a {@link PostgresBus}. Immutable and validated on construction: an invalid value throws
 * {@link IllegalArgumentException} naming every bad setting at once. Defaults match the Node adapter.
 *
 * @param host               PostgreSQL host
 * @param port               PostgreSQL port
 * @param database           database every node of the cluster shares
 * @param user               role to connect as
 * @param password           password, empty for trust authentication; never printed by {@link #toString()}
 * @param channelPrefix      NOTIFY channel prefix, {@value #DEFAULT_CHANNEL_PREFIX} as in Node
 * @param attachmentTable    table for payloads too big for NOTIFY or holding binary, an identifier
 *                           optionally qualified by a schema ({@code myschema.tbl}); written unquoted into
 *                           SQL, as Node does, so both fold case alike and address the same table
 * @param payloadThreshold   JSON payloads of at least this many UTF-8 bytes go through the table; at most
 *                           8000, PostgreSQL's limit (7999 bytes is the largest NOTIFY payload)
 * @param heartbeatInterval  how often this node says HEARTBEAT
 * @param heartbeatTimeout   silence after which a peer is declared gone; longer than the interval. It also
 *                           bounds how long this node's own sessions may stay silent: a connection that
 *                           goes mute without closing is replaced within it ({@link Liveness})
 * @param cleanupInterval    how often old attachment rows are deleted, and how old they must be
 * @param requestsTimeout    default wait for request responses, and the longest wait for an attachment read
 * @param outgoingQueueLimit messages that may wait to be sent; more are dropped and counted
 * @param deliveryQueueLimit received messages that may wait for a slow listener, per namespace (each has its
 *                           own lane); more are dropped and counted for that namespace
 * @param connectTimeout     how long one connection attempt may take
 * @param replayWindow       how long this node keeps what it sent so that a peer which missed it can ask
 *                           for it again ({@link ReplayRing}); zero turns replay off (gaps are then only
 *                           counted, as the Node adapter does not even do)
 * @param replayMaxBytes     the most payload characters kept for replay per namespace; the oldest go first
 * @param errorHandler       hears every failure the bus absorbed (see {@link BusErrorHandler}), on top of its
 *                           counting and throttled logging; {@link BusErrorHandler#NONE} by default. Compared by
 *                           identity, so two settings with different handlers are different settings
 */
public record PostgresBusConfig(
    String host,
    int port,
    String database,
    String user,
    String password,
    String channelPrefix,
    String attachmentTable,
    int payloadThreshold,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Duration cleanupInterval,
    Duration requestsTimeout,
    int outgoingQueueLimit,
    int deliveryQueueLimit,
    Duration connectTimeout,
    Duration replayWindow,
    long replayMaxBytes,
    BusErrorHandler errorHandler) {

  public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";
  public static final String DEFAULT_ATTACHMENT_TABLE = "socket_io_attachments";
  public static final int DEFAULT_PAYLOAD_THRESHOLD = 8_000;
  /** PostgreSQL's {@code NOTIFY_PAYLOAD_MAX_LENGTH}, terminating NUL included. */
  public static final int MAX_PAYLOAD_THRESHOLD = 8_000;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_OUTGOING_QUEUE_LIMIT = 100_000;
  public static final int DEFAULT_DELIVERY_QUEUE_LIMIT = 100_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Covers a LISTEN connection down for 10 s plus the reconnect backoff (at most 7.5 s) and the round trip
   * of the request.
   */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofSeconds(30);
  public static final long DEFAULT_REPLAY_MAX_BYTES = 32L * 1024 * 1024;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  public PostgresBusConfig {
    List<String> errors = new ArrayList<>();
    if (host == null || host.isBlank()) errors.add("host must not be blank");
    if (port < 1 || port > 65_535) errors.add("port must be 1..65535, was " + port);
    if (database == null || database.isBlank()) errors.add("database must not be blank");
    if (user == null || user.isBlank()) errors.add("user must not be blank");
    if (password == null) errors.add("password must not be null (use \"\")");
    if (channelPrefix == null || channelPrefix.isEmpty() || channelPrefix.indexOf('\0') >= 0) {
      errors.add("channelPrefix must be non-empty text without NUL");
    }
    if (attachmentTable == null || !validTableName(attachmentTable)) {
      errors.add("attachmentTable must be an identifier or schema.identifier ([A-Za-z_][A-Za-z0-9_$]*, at most 63 each), was "
          + attachmentTable);
    }
    if (payloadThreshold < 1 || payloadThreshold > MAX_PAYLOAD_THRESHOLD) {
      errors.add("payloadThreshold must be 1.." + MAX_PAYLOAD_THRESHOLD + ", was " + payloadThreshold);
    }
    positive(errors, "heartbeatInterval", heartbeatInterval);
    positive(errors, "heartbeatTimeout", heartbeatTimeout);
    positive(errors, "cleanupInterval", cleanupInterval);
    positive(errors, "requestsTimeout", requestsTimeout);
    positive(errors, "connectTimeout", connectTimeout);
    if (heartbeatInterval != null && heartbeatTimeout != null && heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      errors.add("heartbeatTimeout (" + heartbeatTimeout + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
    }
    if (outgoingQueueLimit < 1) errors.add("outgoingQueueLimit must be positive, was " + outgoingQueueLimit);
    if (deliveryQueueLimit < 1) errors.add("deliveryQueueLimit must be positive, was " + deliveryQueueLimit);
    if (replayWindow == null || replayWindow.isNegative()) errors.add("replayWindow must be zero (off) or positive, was " + replayWindow);
    if (replayMaxBytes < 0) errors.add("replayMaxBytes must not be negative, was " + replayMaxBytes);
    if (errorHandler == null) errors.add("errorHandler must not be null (use BusErrorHandler.NONE)");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid PostgreSQL bus settings: " + String.join("; ", errors));
    }
  }

  /** Settings with every default, to complete with the database's coordinates. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@code user@host:port/database}, for messages. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresBusConfig[" + describe() + ", password=" + (password == null || password.isEmpty() ? "(none)" : "****")
        + ", channelPrefix=" + channelPrefix + ", attachmentTable=" + attachmentTable + ", payloadThreshold="
        + payloadThreshold + ", heartbeatInterval=" + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout
        + ", cleanupInterval=" + cleanupInterval + ", requestsTimeout=" + requestsTimeout + ", outgoingQueueLimit="
        + outgoingQueueLimit + ", deliveryQueueLimit=" + deliveryQueueLimit + ", connectTimeout=" + connectTimeout
        + ", replayWindow=" + replayWindow + ", replayMaxBytes=" + replayMaxBytes
        + (errorHandler == BusErrorHandler.NONE ? "" : ", errorHandler=" + errorHandler) + "]";
  }

  static boolean validTableName(String name) {
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2) return false;
    for (String part : parts) {
      if (!IDENTIFIER.matcher(part).matches()) return false;
    }
    return true;
  }

  private static void positive(List<String> errors, String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) errors.add(name + " must be a positive duration, was " + d);
  }

  /** Collects settings; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 5432;
    private String database;
    private String user = "postgres";
    private String password = "";
    private String channelPrefix = DEFAULT_CHANNEL_PREFIX;
    private String attachmentTable = DEFAULT_ATTACHMENT_TABLE;
    private int payloadThreshold = DEFAULT_PAYLOAD_THRESHOLD;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
    private Duration requestsTimeout = DEFAULT_REQUESTS_TIMEOUT;
    private int outgoingQueueLimit = DEFAULT_OUTGOING_QUEUE_LIMIT;
    private int deliveryQueueLimit = DEFAULT_DELIVERY_QUEUE_LIMIT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
    private long replayMaxBytes = DEFAULT_REPLAY_MAX_BYTES;
    private BusErrorHandler errorHandler = BusErrorHandler.NONE;

    Builder() {}

    Builder(PostgresBusConfig c) {
      host = c.host; port = c.port; database = c.database; user = c.user; password = c.password;
      channelPrefix = c.channelPrefix; attachmentTable = c.attachmentTable; payloadThreshold = c.payloadThreshold;
      heartbeatInterval = c.heartbeatInterval; heartbeatTimeout = c.heartbeatTimeout; cleanupInterval = c.cleanupInterval;
      requestsTimeout = c.requestsTimeout; outgoingQueueLimit = c.outgoingQueueLimit;
      deliveryQueueLimit = c.deliveryQueueLimit; connectTimeout = c.connectTimeout;
      replayWindow = c.replayWindow; replayMaxBytes = c.replayMaxBytes; errorHandler = c.errorHandler;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder database(String v) { database = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder password(String v) { password = Objects.requireNonNullElse(v, ""); return this; }
    public Builder channelPrefix(String v) { channelPrefix = v; return this; }
    public Builder attachmentTable(String v) { attachmentTable = v; return this; }
    public Builder payloadThreshold(int v) { payloadThreshold = v; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder heartbeatTimeout(Duration v) { heartbeatTimeout = v; return this; }
    public Builder cleanupInterval(Duration v) { cleanupInterval = v; return this; }
    public Builder requestsTimeout(Duration v) { requestsTimeout = v; return this; }
    public Builder outgoingQueueLimit(int v) { outgoingQueueLimit = v; return this; }
    public Builder deliveryQueueLimit(int v) { deliveryQueueLimit = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    /** Zero turns replay off. */
    public Builder replayWindow(Duration v) { replayWindow = v; return this; }
    public Builder replayMaxBytes(long v) { replayMaxBytes = v; return this; }
    /** Null means {@link BusErrorHandler#NONE}. */
    public Builder errorHandler(BusErrorHandler v) { errorHandler = Objects.requireNonNullElse(v, BusErrorHandler.NONE); return this; }

    /** The validated settings. */
    public PostgresBusConfig build() {
      return new PostgresBusConfig(host, port, database, user, password, channelPrefix, attachmentTable,
          payloadThreshold, heartbeatInterval, heartbeatTimeout, cleanupInterval, requestsTimeout,
          outgoingQueueLimit, deliveryQueueLimit, connectTimeout, replayWindow, replayMaxBytes, errorHandler);
    }
  }
}
