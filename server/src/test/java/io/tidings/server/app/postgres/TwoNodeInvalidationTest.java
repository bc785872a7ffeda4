package io.tidings.server.app.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.TestApps;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two server processes sharing one apps table, each caching apps forever: an edit reaches both at once
 * through the change trigger, with no cluster adapter between them.
 */
@Tag("postgres")
class TwoNodeInvalidationTest {

  static final AtomicInteger SEQ = new AtomicInteger();
  static TestApps apps;
  static ServerProcess first;
  static ServerProcess second;

  @BeforeAll
  static void start() {
    apps = TestApps.soketiTable().withTrigger();
    Map<String, String> env = apps.env(LiveAppChangesTest.CACHE_FOREVER);
    first = ServerProcess.start(env);
    second = ServerProcess.start(env);
  }

  @AfterAll
  static void stop() {
    if (first != null) first.close();
    if (second != null) second.close();
  }

  static String newApp() {
    String id = "two" + SEQ.incrementAndGet();
    apps.add(id, "key-" + id, "s");
    return id;
  }

  @Test
  void disablingAnAppWithTheAppsCommandClosesItsSocketsOnBothNodesWith4003() {
    String id = newApp();
    try (RawWebSocket a = RawWebSocket.established(first.wsUrl("key-" + id));
         RawWebSocket b = RawWebSocket.established(second.wsUrl("key-" + id))) {
      ServerProcess.Finished disable = ServerProcess.run(apps.env(), "apps", "disable", id);
      assertThat(disable.exitCode()).as(disable.stderr()).isZero();
      for (RawWebSocket ws : List.of(a, b)) {
        assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4003,\"message\":\"The app is not enabled.\"}}");
        assertThat(ws.awaitClose()).isEqualTo(4003);
      }
    }
  }

  @Test
  void deletingAnAppClosesItsSocketsOnBothNodesWith4001() {
    String id = newApp();
    try (RawWebSocket a = RawWebSocket.established(first.wsUrl("key-" + id));
         RawWebSocket b = RawWebSocket.established(second.wsUrl("key-" + id))) {
      apps.delete(id);
      assertThat(a.awaitClose()).isEqualTo(4001);
      assertThat(b.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void aNewKeyIsAcceptedAndTheOldOneRefusedOnBothNodes() {
    String id = newApp();
    for (ServerProcess node : List.of(first, second)) {
      try (RawWebSocket ws = RawWebSocket.established(node.wsUrl("key-" + id))) {
        assertThat(ws.isOpen()).isTrue(); // the old key is now cached on this node
      }
    }
    try (RawWebSocket a = RawWebSocket.established(first.wsUrl("key-" + id));
         RawWebSocket b = RawWebSocket.established(second.wsUrl("key-" + id))) {
      apps.set(id, "key", "new-" + id);
      assertThat(a.awaitClose()).isEqualTo(4001); // the socket tells when the change has arrived
      assertThat(b.awaitClose()).isEqualTo(4001);
    }
    for (ServerProcess node : List.of(first, second)) {
      try (RawWebSocket old = RawWebSocket.connect(node.wsUrl("key-" + id))) {
        assertThat(old.awaitClose()).isEqualTo(4001);
      }
      try (RawWebSocket renewed = RawWebSocket.connect(node.wsUrl("new-" + id))) {
        assertThat(renewed.nextJson().path("event").asText()).isEqualTo("pusher:connection_established");
      }
    }
  }
}
