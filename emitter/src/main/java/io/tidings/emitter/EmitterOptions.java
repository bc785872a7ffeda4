package io.tidings.emitter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Settings of an {@link Emitter} or a {@link JdbcEmitter}: where the cluster is (for an emitter that opens a
 * session of its own), and how its messages are written, with the defaults of the Node and Go emitters.
 * Immutable and validated on construction: an invalid value throws {@link IllegalArgumentException} naming
 * every bad setting at once. Thread-safe.
 *
 * @param host             PostgreSQL host, for {@link Emitter#create}; {@value #DEFAULT_HOST} by default
 * @param port             PostgreSQL port; {@value #DEFAULT_PORT} by default
 * @param database         the database the cluster's nodes share; needed only by {@link Emitter#create}
 * @param user             role to connect as; {@value #DEFAULT_USER} by default
 * @param password         password, empty for trust authentication; never printed by {@link #toString()}
 * @param key              the NOTIFY channel prefix, the Node adapter's {@code channelPrefix} and the Go
 *                         {@code Key}: {@value #DEFAULT_KEY}. A namespace {@code nsp} is published on channel
 *                         {@code <key>#<nsp>}
 * @param tableName        the attachment table for payloads too large for NOTIFY or holding binary:
 *                         {@value #DEFAULT_TABLE_NAME}. An identifier, optionally schema-qualified; written
 *                         unquoted into SQL as Node writes it, so both address the same table
 * @param payloadThreshold messages whose JSON reaches this many UTF-8 bytes go through the attachment table
 *                         ({@code >=}: {@value #DEFAULT_PAYLOAD_THRESHOLD}, as PostgreSQL refuses a NOTIFY
 *                         payload of 8,000 bytes); 1 to 8,000
 * @param sendTimeout      how long a message of an {@link Emitter} may wait to be handed to PostgreSQL (while
 *                         the database is unreachable, say) before it is withdrawn and its future fails:
 *                         {@link #DEFAULT_SEND_TIMEOUT}. Not used on the JDBC path, where the caller's
 *                         connection decides
 * @param queueLimit       messages an {@link Emitter} may hold waiting to be sent; more fail at once:
 *                         {@value #DEFAULT_QUEUE_LIMIT}
 * @param connectTimeout   how long one attempt to connect may take: {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param objectMapper     turns emitted Java values into JSON; a plain {@code ObjectMapper} by default. Give
 *                         your own to serialize {@code java.time} types or use your naming strategy
 * @param callbackExecutor where an {@link Emitter}'s futures complete, so that callbacks attached to them
 *                         never run on (and never block) its database session's thread; {@code null} (the
 *                         default) gives each emitter a single daemon thread of its own. {@code Runnable::run}
 *                         completes them on the session's thread: the cheapest, for callbacks that never block
 */
public record EmitterOptions(
    String host,
    int port,
    String database,
    String user,
    String password,
    String key,
    String tableName,
    int payloadThreshold,
    Duration sendTimeout,
    int queueLimit,
    Duration connectTimeout,
    ObjectMapper objectMapper,
    Executor callbackExecutor) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_USER = "postgres";
  public static final String DEFAULT_KEY = "socket.io";
  public static final String DEFAULT_TABLE_NAME = "socket_io_attachments";
  public static final int DEFAULT_PAYLOAD_THRESHOLD = 8_000;
  /** PostgreSQL's {@code NOTIFY_PAYLOAD_MAX_LENGTH}, terminating NUL included: 7,999 bytes is the largest payload. */
  public static final int MAX_PAYLOAD_THRESHOLD = 8_000;
  /** As long as the cluster's heartbeat timeout: a database away for longer is an outage, not a blip. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_QUEUE_LIMIT = 100_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper DEFAULT_OBJECT_MAPPER = new ObjectMapper();
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  public EmitterOptions {
    List<String> errors = new ArrayList<>();
    if (host == null || host.isBlank()) errors.add("host must not be blank");
    if (port < 1 || port > 65_535) errors.add("port must be 1..65535, was " + port);
    if (database != null && database.isBlank()) errors.add("database must not be blank (null: none given)");
    if (user == null || user.isBlank()) errors.add("user must not be blank");
    if (password == null) errors.add("password must not be null (use \"\")");
    if (key == null || key.isEmpty() || key.indexOf('\0') >= 0) errors.add("key must be non-empty text without NUL");
    if (tableName == null || !validTableName(tableName)) {
      errors.add("tableName must be an identifier or schema.identifier ([A-Za-z_][A-Za-z0-9_$]*, at most 63 each), was "
          + tableName);
    }
    if (payloadThreshold < 1 || payloadThreshold > MAX_PAYLOAD_THRESHOLD) {
      errors.add("payloadThreshold must be 1.." + MAX_PAYLOAD_THRESHOLD + ", was " + payloadThreshold);
    }
    if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
      errors.add("sendTimeout must be a positive duration, was " + sendTimeout);
    }
    if (queueLimit < 1) errors.add("queueLimit must be positive, was " + queueLimit);
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      errors.add("connectTimeout must be a positive duration, was " + connectTimeout);
    }
    if (objectMapper == null) errors.add("objectMapper must not be null");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid emitter options: " + String.join("; ", errors));
    }
  }

  /** Every default; enough as is for the JDBC path ({@link JdbcEmitter#create}). */
  public static EmitterOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@code user@host:port/database}, for messages. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "EmitterOptions[" + describe() + ", password=" + (password == null || password.isEmpty() ? "(none)" : "****")
        + ", key=" + key + ", tableName=" + tableName + ", payloadThreshold=" + payloadThreshold
        + ", sendTimeout=" + sendTimeout + ", queueLimit=" + queueLimit + ", connectTimeout=" + connectTimeout + "]";
  }

  private static boolean validTableName(String name) {
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2) return false;
    for (String part : parts) {
      if (!IDENTIFIER.matcher(part).matches()) return false;
    }
    return true;
  }

  /** Collects options, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String database;
    private String user = DEFAULT_USER;
    private String password = "";
    private String key = DEFAULT_KEY;
    private String tableName = DEFAULT_TABLE_NAME;
    private int payloadThreshold = DEFAULT_PAYLOAD_THRESHOLD;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private int queueLimit = DEFAULT_QUEUE_LIMIT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private ObjectMapper objectMapper = DEFAULT_OBJECT_MAPPER;
    private Executor callbackExecutor;

    Builder() {}

    Builder(EmitterOptions o) {
      host = o.host; port = o.port; database = o.database; user = o.user; password = o.password; key = o.key;
      tableName = o.tableName; payloadThreshold = o.payloadThreshold; sendTimeout = o.sendTimeout;
      queueLimit = o.queueLimit; connectTimeout = o.connectTimeout; objectMapper = o.objectMapper;
      callbackExecutor = o.callbackExecutor;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder database(String v) { database = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder password(String v) { password = Objects.requireNonNullElse(v, ""); return this; }
    /** The channel prefix ({@code channelPrefix} in Node, {@code Key} in Go). */
    public Builder key(String v) { key = v; return this; }
    public Builder tableName(String v) { tableName = v; return this; }
    public Builder payloadThreshold(int v) { payloadThreshold = v; return this; }
    public Builder sendTimeout(Duration v) { sendTimeout = v; return this; }
    public Builder queueLimit(int v) { queueLimit = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder objectMapper(ObjectMapper v) { objectMapper = v; return this; }
    /** Where futures complete; null: a thread of the emitter's own (see {@link EmitterOptions}). */
    public Builder callbackExecutor(Executor v) { callbackExecutor = v; return this; }

    /** The validated options. */
    public EmitterOptions build() {
      return new EmitterOptions(host, port, database, user, password, key, tableName, payloadThreshold, sendTimeout,
          queueLimit, connectTimeout, objectMapper, callbackExecutor);
    }
  }
}
