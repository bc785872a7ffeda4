package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  @Test
  void anIdIs20Base64UrlCharactersEndingInARunningNumber() {
    SessionIds ids = new SessionIds();

    String first = ids.next();
    String second = ids.next();

    assertThat(first).matches("[A-Za-z0-9_-]{20}");
    // As Node's base64id: the last three bytes count (0, then 1), the first twelve are random.
    assertThat(first).endsWith("AAAA");
    assertThat(second).endsWith("AAAB");
    byte[] a = Base64.getUrlDecoder().decode(first);
    byte[] b = Base64.getUrlDecoder().decode(second);
    assertThat(a).hasSize(15);
    assertThat(java.util.Arrays.copyOf(a, 12)).isNotEqualTo(java.util.Arrays.copyOf(b, 12));
  }

  @Test
  void idsDoNotRepeat() {
    SessionIds ids = new SessionIds();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) seen.add(ids.next());

    assertThat(seen).hasSize(10_000);
  }

  @Test
  void nodesHeaderValueCheckRefusesControlCharactersOnly() {
    assertThat(RequestChecks.invalidHeaderValue("https://example.com:8080")).isFalse();
    assertThat(RequestChecks.invalidHeaderValue("a\tb é\u00ff")).isFalse();
    assertThat(RequestChecks.invalidHeaderValue("a\u0001b")).isTrue();
    assertThat(RequestChecks.invalidHeaderValue("a\u007fb")).isTrue();
    assertThat(RequestChecks.invalidHeaderValue("a\u0100b")).isTrue();
  }
}
