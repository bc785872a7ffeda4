package io.tidings.socketio.cluster;

import io.tidings.bus.BusErrorHandler;
import io.tidings.bus.postgres.PostgresBusConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of the PostgreSQL adapter, named and defaulted as the Go port's README names them
 * ({@code PostgresAdapterOptions}: {@code Key}, {@code TableName}, {@code PayloadThreshold},
 * {@code CleanupInterval}, {@code HeartbeatInterval}, {@code HeartbeatTimeout}, {@code ErrorHandler}) and as the
 * Node adapter 0.5 does ({@code channelPrefix}, {@code tableName}, …). Nodes of one cluster, Java, Node or Go,
 * must agree on the key and the table.
 *
 * <p>They are the bus's settings ({@link PostgresBusConfig}): one bus serves every namespace of a server, as one
 * Node {@code createAdapter()} call serves every namespace through one LISTEN client. {@link #applyTo} puts them
 * on a bus's settings, and {@link #of(PostgresBusConfig)} reads them back.
 *
 * <p>Immutable; checked when the bus settings are built (an invalid value names itself there).
 *
 * @param key               the NOTIFY channel prefix: a namespace {@code /chat} is the channel {@code <key>#/chat}
 * @param tableName         the attachment table (created when missing, with the Node README's DDL)
 * @param payloadThreshold  a message whose JSON takes at least this many UTF-8 bytes goes through the table
 *                          ({@code >=}: PostgreSQL refuses a NOTIFY payload of 8000 bytes, which Node 0.5.0's
 *                          {@code >} loses; at most 8000)
 * @param cleanupInterval   how often attachment rows are deleted, and how old they must be
 * @param heartbeatInterval how often this node says HEARTBEAT in each namespace
 * @param heartbeatTimeout  silence after which a node is declared gone (and its sockets with it)
 * @param errorHandler      hears every failure the adapter's bus absorbed ({@link BusErrorHandler})
 */
public record PostgresAdapterOptions(
    String key,
    String tableName,
    int payloadThreshold,
    Duration cleanupInterval,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    BusErrorHandler errorHandler) {

  public static final String DEFAULT_KEY = PostgresBusConfig.DEFAULT_CHANNEL_PREFIX;
  public static final String DEFAULT_TABLE_NAME = PostgresBusConfig.DEFAULT_ATTACHMENT_TABLE;
  public static final int DEFAULT_PAYLOAD_THRESHOLD = PostgresBusConfig.DEFAULT_PAYLOAD_THRESHOLD;
  public static final Duration DEFAULT_CLEANUP_INTERVAL = PostgresBusConfig.DEFAULT_CLEANUP_INTERVAL;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL;
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT;

  /** Every option at its default: {@code socket.io}, {@code socket_io_attachments}, 8000, 30 s, 5 s, 10 s, none. */
  public static final PostgresAdapterOptions DEFAULTS = new PostgresAdapterOptions(DEFAULT_KEY, DEFAULT_TABLE_NAME,
      DEFAULT_PAYLOAD_THRESHOLD, DEFAULT_CLEANUP_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT,
      BusErrorHandler.NONE);

  public PostgresAdapterOptions {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(cleanupInterval, "cleanupInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    errorHandler = Objects.requireNonNullElse(errorHandler, BusErrorHandler.NONE);
  }

  /** The options {@code config} holds. */
  public static PostgresAdapterOptions of(PostgresBusConfig config) {
    return new PostgresAdapterOptions(config.channelPrefix(), config.attachmentTable(), config.payloadThreshold(),
        config.cleanupInterval(), config.heartbeatInterval(), config.heartbeatTimeout(), config.errorHandler());
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Puts these options on {@code bus} (which holds the database's coordinates) and returns it. */
  public PostgresBusConfig.Builder applyTo(PostgresBusConfig.Builder bus) {
    return bus.channelPrefix(key).attachmentTable(tableName).payloadThreshold(payloadThreshold)
        .cleanupInterval(cleanupInterval).heartbeatInterval(heartbeatInterval).heartbeatTimeout(heartbeatTimeout)
        .errorHandler(errorHandler);
  }

  /** Collects options; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private String key;
    private String tableName;
    private int payloadThreshold;
    private Duration cleanupInterval;
    private Duration heartbeatInterval;
    private Duration heartbeatTimeout;
    private BusErrorHandler errorHandler;

    private Builder(PostgresAdapterOptions o) {
      key = o.key; tableName = o.tableName; payloadThreshold = o.payloadThreshold; cleanupInterval = o.cleanupInterval;
      heartbeatInterval = o.heartbeatInterval; heartbeatTimeout = o.heartbeatTimeout; errorHandler = o.errorHandler;
    }

    public Builder key(String v) { key = v; return this; }
    public Builder tableName(String v) { tableName = v; return this; }
    public Builder payloadThreshold(int v) { payloadThreshold = v; return this; }
    public Builder cleanupInterval(Duration v) { cleanupInterval = v; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder heartbeatTimeout(Duration v) { heartbeatTimeout = v; return this; }
    public Builder errorHandler(BusErrorHandler v) { errorHandler = v; return this; }

    public PostgresAdapterOptions build() {
      return new PostgresAdapterOptions(key, tableName, payloadThreshold, cleanupInterval, heartbeatInterval,
          heartbeatTimeout, errorHandler);
    }
  }
}
