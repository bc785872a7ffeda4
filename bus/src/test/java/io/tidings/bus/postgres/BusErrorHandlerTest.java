package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.bus.BusException;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bus's error handler (the Node adapter's {@code errorHandler}) hears every failure the bus absorbs,
 * one call per failure, while the bus keeps working.
 */
@Tag("postgres")
class BusErrorHandlerTest {

  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  @Test
  void aPayloadThatIsNotAMessageAndAnAttachmentThatIsGoneEachReachTheHandlerAndTheBusGoesOn() throws Exception {
    List<BusException> errors = new CopyOnWriteArrayList<>();
    PostgresBus bus = buses.start(TestBuses.config(db).errorHandler(errors::add).build());
    RecordingListener listener = new RecordingListener();
    bus.join("/", listener);
    PostgresBus peer = buses.start(db);
    var peerNs = peer.join("/", new RecordingListener());
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.contains("joined " + peer.uid()));

    try (RawChannel wire = new RawChannel(db, "socket.io#/")) {
      wire.send("not json");
      wire.send("{\"uid\":\"javanode0001\",\"type\":3,\"attachmentId\":\"987654321\"}");
    }
    peerNs.publishRaw(MessageType.BROADCAST, "{\"after\":true}");

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.fromPeers(MessageType.BROADCAST).size() == 1);
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).getMessage()).startsWith("Dropped undecodable bus messages: 1 (").contains("not json");
    assertThat(errors.get(1).getMessage()).contains("attachment 987654321 from javanode0001");
    assertThat(errors).allSatisfy(e -> assertThat(e.count()).isEqualTo(1));
    assertThat(bus.stats().undecodableMessages()).isEqualTo(2);
  }

  @Test
  void aHandlerThatThrowsDoesNotStopTheBus() throws Exception {
    PostgresBus bus = buses.start(TestBuses.config(db).errorHandler(e -> { throw new IllegalStateException("boom"); }).build());
    RecordingListener listener = new RecordingListener();
    bus.join("/", listener);
    PostgresBus peer = buses.start(db);
    var peerNs = peer.join("/", new RecordingListener());
    // The peer's announcement proves the LISTEN is in place before the raw message is sent.
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.contains("joined " + peer.uid()));
    try (RawChannel wire = new RawChannel(db, "socket.io#/")) {
      wire.send("[]");
    }
    peerNs.publishRaw(MessageType.BROADCAST, "{\"n\":1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.fromPeers(MessageType.BROADCAST).size() == 1);
    assertThat(bus.stats().undecodableMessages()).isEqualTo(1);
  }
}
