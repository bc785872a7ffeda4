package io.tidings.admin.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The per-second counts a server sends in {@code server_stats.aggregatedEvents}: connections made
 * ({@code rawConnection}) and closed ({@code rawDisconnection}, by reason), packets and bytes in and out
 * ({@code packetsIn}, {@code packetsOut}, {@code bytesIn}, {@code bytesOut}), each counted in the second it
 * happened. {@link #drain} hands them over and starts afresh, so each is reported once.
 *
 * <p>Thread-safe: counted from every event loop, drained by the stats timer. One lock; the counting path
 * is a map update.
 */
public final class AggregatedEvents {

  /** A count of one kind in one second. */
  public record Count(long timestamp, String type, String subType, long count) {

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("timestamp", timestamp);
      m.put("type", type);
      if (subType != null) m.put("subType", subType);
      m.put("count", count);
      return m;
    }
  }

  private record Key(long second, String type, String subType) {}

  /** Protects against a client that would make the buffer grow: at most this many kinds per drain. */
  static final int MAX_KEYS = 10_000;

  private final LongSupplier clockMillis;
  private final Map<Key, long[]> counts = new LinkedHashMap<>();

  public AggregatedEvents(LongSupplier clockMillis) {
    this.clockMillis = Objects.requireNonNull(clockMillis);
  }

  public AggregatedEvents() {
    this(System::currentTimeMillis);
  }

  /** Counts one event of {@code type} ({@code subType} may be null). */
  public void add(String type, String subType) {
    add(type, subType, 1);
  }

  /** Counts {@code count} of {@code type} ({@code bytesIn} counts bytes). */
  public void add(String type, String subType, long count) {
    long second = clockMillis.getAsLong() / 1000 * 1000;
    Key key = new Key(second, type, subType);
    synchronized (counts) {
      long[] c = counts.get(key);
      if (c != null) {
        c[0] += count;
      } else if (counts.size() < MAX_KEYS) {
        counts.put(key, new long[] {count});
      }
    }
  }

  /** The counts since the last call, oldest first; the buffer is empty afterwards. */
  public List<Count> drain() {
    synchronized (counts) {
      List<Count> out = new ArrayList<>(counts.size());
      counts.forEach((k, c) -> out.add(new Count(k.second(), k.type(), k.subType(), c[0])));
      counts.clear();
      return out;
    }
  }
}
