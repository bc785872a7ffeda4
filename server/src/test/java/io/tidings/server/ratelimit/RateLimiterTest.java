package io.tidings.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one-second window of {@link RateLimiter}, on an injected clock. */
class RateLimiterTest {

  long now = TimeUnit.SECONDS.toNanos(1000);
  final RateLimiter limiter = new RateLimiter(() -> now);

  private void advanceMillis(long ms) {
    now += TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void pointsUpToTheLimitAreAllowedAndTheNextIsRefused() {
    assertThat(limiter.consume(1, 2)).isEqualTo(new RateLimiter.Decision(true, 2, 1, 1000));
    advanceMillis(2);
    assertThat(limiter.consume(1, 2)).isEqualTo(new RateLimiter.Decision(true, 2, 0, 998));
    advanceMillis(100);
    RateLimiter.Decision refused = limiter.consume(1, 2);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.millisBeforeNext()).isEqualTo(898);
    assertThat(refused.retryAfter()).isEqualTo("0.898");
  }

  @Test
  void theWindowOpensAgainOneSecondAfterItsFirstConsumption() {
    limiter.consume(2, 2);
    advanceMillis(999);
    assertThat(limiter.consume(1, 2).allowed()).isFalse();
    advanceMillis(1);
    assertThat(limiter.consume(1, 2)).isEqualTo(new RateLimiter.Decision(true, 2, 1, 1000));
  }

  @Test
  void aConsumptionOfSeveralPointsCountsThemAll() {
    assertThat(limiter.consume(3, 3).allowed()).isTrue();
    assertThat(limiter.consume(1, 3).allowed()).isFalse();
  }

  @Test
  void aConsumptionOverTheLimitByItselfIsRefused() {
    assertThat(limiter.consume(4, 3).allowed()).isFalse();
  }

  @Test
  void aNegativeLimitNeverRefusesAndReportsNoHeaders() {
    for (int i = 0; i < 1000; i++) assertThat(limiter.consume(1, -1)).isSameAs(RateLimiter.UNLIMITED);
  }

  @Test
  void aZeroLimitRefusesEverything() {
    assertThat(limiter.consume(1, 0).allowed()).isFalse();
  }

  @Test
  void aWholeSecondIsWrittenWithoutAFraction() {
    assertThat(new RateLimiter.Decision(false, 1, 0, 1000).retryAfter()).isEqualTo("1");
    assertThat(new RateLimiter.Decision(false, 1, 0, 5).retryAfter()).isEqualTo("0.005");
  }
}
