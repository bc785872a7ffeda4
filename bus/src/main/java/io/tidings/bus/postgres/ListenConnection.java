package io.tidings.bus.postgres;

import io.tidings.bus.wire.ChannelName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dedicated connection that LISTENs to every channel of the bus (a {@link PgSubscriber}, never a
 * pooled connection: a pool would retire it and the LISTENs with it).
 *
 * <p><b>Losing it is survivable</b>, unlike in the Node adapter, which crashes its process here. The
 * subscriber reconnects with exponential backoff and jitter, forever, and re-LISTENs every channel;
 * {@link Events#onListening} then fires again for each channel, which the bus uses to announce itself and
 * count what it missed. A half-dead connection (the peer vanished without a FIN, so nothing ever fails) is
 * caught by a probe every {@code probeIntervalMillis}: when a probe is unanswered and nothing at all
 * (no answer, no notification) came for two intervals and at least {@value #MIN_PROBE_TIMEOUT_MILLIS} ms,
 * the connection is closed, which starts the same reconnect. Notifications count as a sign of life because
 * under a flood the probe's answer waits behind all of them. The probe re-issues {@code LISTEN} for a channel
 * the connection already listens to, which costs nothing, changes nothing, and keeps the backend's
 * {@code pg_stat_activity.query} saying {@code LISTEN …} for operators.
 *
 * <p><b>Threading:</b> event loop only, and so are the {@link Events} callbacks.
 */
final class ListenConnection {

  /** What the connection reports. Called on the event loop. */
  interface Events {
    /** A notification arrived on {@code channel}. */
    void onNotification(String channel, String payload);

    /** {@code LISTEN channel} took effect: for the first time, or again after the connection was lost. */
    void onListening(String channel);

    /** The connection was lost; a reconnect is under way. */
    void onLost();
  }

  private static final Logger log = LoggerFactory.getLogger(ListenConnection.class);
  /** Silence shorter than this never condemns a connection: GC pauses and floods look like it. */
  static final long MIN_PROBE_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final Events events;
  private final long probeIntervalMillis;
  private final long probeTimeoutMillis;
  private final Map<String, PgChannel> channels = new LinkedHashMap<>();
  private PgConnection probing;
  private long lastSignOfLifeNanos = System.nanoTime();
  private long probeTimer = -1;
  private boolean closed;
  private boolean reconnecting;

  ListenConnection(Vertx vertx, PgConnectOptions options, long probeIntervalMillis, Events events) {
    this.vertx = vertx;
    this.events = events;
    this.probeIntervalMillis = probeIntervalMillis;
    this.probeTimeoutMillis = Math.max(2 * probeIntervalMillis, MIN_PROBE_TIMEOUT_MILLIS);
    this.subscriber = PgSubscriber.subscriber(vertx, options);
    subscriber.reconnectPolicy(attempt -> {
      if (closed) {
        return -1L;
      }
      if (attempt == 0) {
        probing = null;
        reconnecting = true;
        log.warn("LISTEN connection lost: reconnecting and re-LISTENing {} channel(s)", channels.size());
        events.onLost();
      }
      return Backoff.RECONNECT.delayMillis(attempt);
    });
  }

  /** Connects; fails when the database cannot be reached. */
  Future<Void> start() {
    return subscriber.connect().onSuccess(v -> probeTimer = vertx.setPeriodic(probeIntervalMillis, t -> probe()));
  }

  /** Starts listening to {@code channel}; {@link Events#onListening} follows once it took effect. */
  void listen(String channel) {
    if (closed || channels.containsKey(channel)) {
      return;
    }
    PgChannel c = subscriber.channel(channel);
    c.subscribeHandler(v -> {
      if (reconnecting) {
        reconnecting = false;
        log.info("LISTEN connection back: listening to {} channel(s) again", channels.size());
      }
      events.onListening(channel);
    });
    c.handler(payload -> {
      lastSignOfLifeNanos = System.nanoTime();
      events.onNotification(channel, payload);
    });
    channels.put(channel, c);
  }

  /** Stops listening to {@code channel}. */
  void unlisten(String channel) {
    PgChannel c = channels.remove(channel);
    if (c != null) {
      c.handler(null);
    }
  }

  Future<Void> close() {
    closed = true;
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    return subscriber.close();
  }

  private void probe() {
    PgConnection c = subscriber.actualConnection();
    if (c == null || closed) {
      return;
    }
    if (probing == c) {
      // Under a flood the answer waits behind every notification queued before it, and a long GC pause
      // can let this timer run before the socket is read: only long silence means a dead connection.
      long silentMillis = (System.nanoTime() - lastSignOfLifeNanos) / 1_000_000;
      if (silentMillis >= probeTimeoutMillis) {
        log.warn("LISTEN connection silent for {} ms with a probe unanswered: closing it to reconnect", silentMillis);
        probing = null;
        c.close();
      }
      return;
    }
    String sql = channels.isEmpty() ? "SELECT 1" : ChannelName.listenSql(channels.keySet().iterator().next());
    probing = c;
    c.query(sql).execute().onComplete(ar -> {
      if (probing == c) {
        probing = null;
      }
      if (ar.succeeded()) {
        lastSignOfLifeNanos = System.nanoTime();
      } else {
        log.debug("LISTEN probe failed: {}", ar.cause().toString());
      }
    });
  }
}
