package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.bus.BusMessage;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.node.NodeProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the real Node {@code @socket.io/postgres-emitter} 0.1.1 publishes reaches a {@link PostgresBus}, although
 * it leaves out the top-level {@code nsp} that Node's adapter 0.5 requires (and so drops every one of these,
 * wire reference §2): the bus takes the namespace from the channel, for inline messages and for attachment
 * headers alike, and never counts the emitter as a node.
 */
@Tag("postgres")
class NodeEmitterTest {

  @Test
  void everyMessageOfTheNodeEmitterReachesItsNamespaceWithoutATopLevelNsp() throws Exception {
    NodeProject.assumeNode();
    NodeInteropTest.PROJECT.install();
    PgTarget db = TestPostgres.newDatabase();
    try (TestBuses buses = new TestBuses()) {
      PostgresBus bus = buses.start(db);
      RecordingListener root = new RecordingListener();
      RecordingListener custom = new RecordingListener();
      var rootNs = bus.join("/", root);
      bus.join("/custom", custom);
      // Listening once the node's own announcements come back.
      await().atMost(Duration.ofSeconds(10)).until(() -> bus.stats().receivedMessages() >= 2);

      Process node = NodeInteropTest.PROJECT.start("emitter.js", db.libpqEnv());
      Path stderr = NodeInteropTest.PROJECT.stderrLog("emitter.js");
      try {
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("emitter.js finished").isTrue();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as("emitter.js output; stderr in " + stderr + ": " + Files.readString(stderr))
            .contains("{\"event\":\"done\"}");
      } finally {
        node.toHandle().destroyForcibly();
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> fromEmitter(root).size() == 8 && fromEmitter(custom).size() == 1);
      List<BusMessage> got = fromEmitter(root);
      assertThat(got).allSatisfy(m -> {
        assertThat(m.nsp()).isEqualTo("/");
        assertThat(m.seq()).isEqualTo(-1);
      });
      assertThat(broadcast(got, "fromEmitter").data().toString()).isEqualTo(
          "{\"packet\":{\"type\":2,\"data\":[\"fromEmitter\",\"E1\"],\"nsp\":\"/\"},\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}}");
      assertThat(broadcast(got, "fromEmitterRoom").data().at("/opts/rooms").toString()).isEqualTo("[\"room1\"]");
      assertThat(broadcast(got, "fromEmitterBin").data().at("/packet/data/1").binaryValue()).containsExactly(9, 9);
      assertThat(broadcast(got, "fromEmitterBig").data().at("/packet/data/1").asText()).hasSize(9_000);
      assertThat(single(got, MessageType.SERVER_SIDE_EMIT).data().toString()).isEqualTo("{\"packet\":[\"plain\",\"from-emitter\"]}");
      assertThat(single(got, MessageType.SOCKETS_JOIN).data().toString())
          .isEqualTo("{\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room3\"]}");
      assertThat(single(got, MessageType.SOCKETS_LEAVE).data().toString())
          .isEqualTo("{\"opts\":{\"rooms\":[\"room1\"],\"except\":[\"room2\"]},\"rooms\":[\"room3\"]}");
      assertThat(single(got, MessageType.DISCONNECT_SOCKETS).data().toString())
          .isEqualTo("{\"opts\":{\"rooms\":[\"room3\"],\"except\":[]},\"close\":true}");

      BusMessage onCustom = fromEmitter(custom).getFirst();
      assertThat(onCustom.nsp()).isEqualTo("/custom");
      assertThat(onCustom.data().at("/packet/data").toString()).isEqualTo("[\"fromEmitterCustom\",3]");

      assertThat(bus.stats().attachmentsRead()).as("the binary and the big one").isEqualTo(2);
      assertThat(bus.stats().undecodableMessages()).isZero();
      assertThat(rootNs.peers()).as("an emitter is never a node").isEmpty();
    }
  }

  private static List<BusMessage> fromEmitter(RecordingListener l) {
    return l.messages.stream().filter(m -> m.uid().equals("emitter")).toList();
  }

  private static BusMessage broadcast(List<BusMessage> got, String event) {
    return got.stream().filter(m -> m.type() == MessageType.BROADCAST && m.data().at("/packet/data/0").asText().equals(event))
        .findFirst().orElseThrow(() -> new AssertionError("no broadcast of " + event + " in " + got));
  }

  private static BusMessage single(List<BusMessage> got, int type) {
    List<BusMessage> of = got.stream().filter(m -> m.type() == type).toList();
    assertThat(of).as("messages of type " + type).hasSize(1);
    return of.getFirst();
  }
}
