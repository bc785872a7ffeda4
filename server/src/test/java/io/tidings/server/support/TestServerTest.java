package io.tidings.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.TidingsServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension on an instance field: each test gets its own node, started before it and stopped after
 * it (the per-class use, on a static field, is what most test classes do).
 */
class TestServerTest {

  static final List<TidingsServer> earlier = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final TestServer node = TestServer.with(Map.of("SOKETI_PATH_PREFIX", "/own"));

  @Test
  void oneTestHasItsOwnRunningNode() {
    aFreshNodeWhileTheEarlierOnesAreStopped();
  }

  @Test
  void anotherTestHasItsOwnRunningNodeToo() {
    aFreshNodeWhileTheEarlierOnesAreStopped();
  }

  private void aFreshNodeWhileTheEarlierOnesAreStopped() {
    assertThat(node.server().stopped()).isFalse();
    assertThat(node.server().config().pathPrefix()).isEqualTo("/own");
    assertThat(earlier).allSatisfy(s -> assertThat(s.stopped()).isTrue()).doesNotContain(node.server());
    earlier.add(node.server());
  }
}
