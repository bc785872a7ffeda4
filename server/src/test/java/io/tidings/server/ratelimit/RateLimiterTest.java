package io.tidings.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one-second window, on an injected clock (no sleeping, no timing). */
class RateLimiterTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(nanos::get);

  private void advanceMillis(long ms) {
    nanos.addAndGet(ms * 1_000_000L);
  }

  @Test
  void aWindowAllowsUpToTheLimitThenRefuses() {
    assertThat(limiter.consume(2, 3).allowed()).isTrue();
    assertThat(limiter.consume(1, 3).allowed()).isTrue();
    RateLimiter.Decision d = limiter.consume(1, 3);
    assertThat(d.allowed()).isFalse();
    assertThat(d.remaining()).isZero();
  }

  @Test
  void theWindowReopensOneSecondAfterItsFirstConsumption() {
    limiter.consume(3, 3);
    advanceMillis(999);
    assertThat(limiter.consume(1, 3).allowed()).isFalse();
    advanceMillis(1);
    RateLimiter.Decision d = limiter.consume(1, 3);
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(2);
  }

  @Test
  void remainingAndRetryAfterDescribeTheWindow() {
    limiter.consume(1, 10);
    advanceMillis(2);
    RateLimiter.Decision d = limiter.consume(1, 10);
    assertThat(d.limit()).isEqualTo(10);
    assertThat(d.remaining()).isEqualTo(8);
    assertThat(d.retryAfter()).isEqualTo("0.998"); // seconds with a fraction, as Soketi writes msBeforeNext / 1000
  }

  @Test
  void aNegativeLimitNeverRefusesAndHasNoHeaders() {
    for (int i = 0; i < 1000; i++) assertThat(limiter.consume(1, -1).allowed()).isTrue();
    assertThat(limiter.consume(1, -1)).isSameAs(RateLimiter.UNLIMITED);
  }

  @Test
  void aZeroLimitRefusesEverything() {
    assertThat(limiter.consume(1, 0).allowed()).isFalse();
  }
}
