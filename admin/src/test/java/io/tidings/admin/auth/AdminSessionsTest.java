package io.tidings.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {

  final AtomicLong now = new AtomicLong();

  @Test
  void aSessionExpiresAfterItsLifetime() {
    AdminSessions s = new AdminSessions(Duration.ofSeconds(10), 100, now::get);
    s.add("a");
    now.set(Duration.ofSeconds(9).toNanos());
    assertThat(s.exists("a")).isTrue();
    now.set(Duration.ofSeconds(10).toNanos());
    assertThat(s.exists("a")).isFalse();
  }

  @Test
  void theOldestSessionGoesWhenTheStoreIsFull() {
    AdminSessions s = new AdminSessions(Duration.ofDays(1), 2, now::get);
    s.add("a");
    s.add("b");
    s.add("c");
    assertThat(s.exists("a")).isFalse();
    assertThat(s.exists("b")).isTrue();
    assertThat(s.exists("c")).isTrue();
  }
}
