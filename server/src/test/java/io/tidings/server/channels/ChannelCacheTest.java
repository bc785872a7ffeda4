package io.tidings.server.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The last event of each cache channel, on an injected clock. */
class ChannelCacheTest {

  long now = 12_345;

  @Test
  void theLastEventIsKeptUntilItsTtlRunsOut() {
    ChannelCache cache = new ChannelCache(Duration.ofSeconds(2), () -> now);
    cache.put("cache-a", "first", "\"1\"");
    cache.put("cache-a", "second", "\"2\"");
    assertThat(cache.get("cache-a").event()).isEqualTo("second");
    now += TimeUnit.MILLISECONDS.toNanos(1999);
    assertThat(cache.get("cache-a")).isNotNull();
    now += TimeUnit.MILLISECONDS.toNanos(1);
    assertThat(cache.get("cache-a")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theSweepDropsOnlyExpiredEvents() {
    ChannelCache cache = new ChannelCache(Duration.ofSeconds(1), () -> now);
    cache.put("cache-old", "e", "\"x\"");
    now += TimeUnit.MILLISECONDS.toNanos(600);
    cache.put("cache-new", "e", "\"y\"");
    now += TimeUnit.MILLISECONDS.toNanos(600);
    cache.sweep();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get("cache-new")).isNotNull();
  }

  @Test
  void withoutATtlEventsNeverExpire() {
    ChannelCache cache = new ChannelCache(null, () -> now);
    cache.put("cache-a", "e", "\"x\"");
    now += TimeUnit.DAYS.toNanos(3650);
    cache.sweep();
    assertThat(cache.get("cache-a").event()).isEqualTo("e");
  }
}
