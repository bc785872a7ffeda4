package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.EnvelopeCodec;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages too big for NOTIFY, or binary, travel through the attachment table. */
@Tag("postgres")
class PostgresBusAttachmentTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Attachment row 2 of the wire reference §6.2, verbatim: {@code io.emit("bin", Buffer[1,2,3,4], "txt")}. */
  private static final String NODE_ROW_2 = "84a47479706503a46461746182a67061636b657482a47479706502a46461746193a362696ec40401020304"
      + "a3747874a46f70747383a5726f6f6d7390a665786365707490a5666c61677380a3756964b062343263356538313063376435373235a36e7370a12f";
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private record Pair(PostgresBus a, PostgresBus b, BusNamespace na, RecordingListener lb) {}

  private Pair pair(String nsp) {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join(nsp, new RecordingListener());
    BusNamespace nb = b.join(nsp, lb);
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()) && nb.peers().contains(a.uid()));
    return new Pair(a, b, na, lb);
  }

  @Test
  void aNineThousandCharacterMessageCrossesThroughTheTableAndIsNotReadBackBySender() {
    Pair p = pair("/big");
    String big = "x".repeat(9_000);

    p.na().publish(MessageType.BROADCAST, JSON.objectNode().put("big", big));

    await().atMost(Duration.ofSeconds(10)).until(() -> !p.lb().fromPeers(3).isEmpty());
    assertThat(p.lb().fromPeers(3).getFirst().data().get("big").textValue()).isEqualTo(big);
    assertThat(p.a().stats().attachmentsWritten()).isEqualTo(1);
    assertThat(p.b().stats().attachmentsRead()).isEqualTo(1);
    assertThat(p.a().stats().attachmentsRead()).isZero();
  }

  @Test
  void aBinaryMessageCrossesThroughTheTableWithItsBytesIntact() throws Exception {
    Pair p = pair("/bin");
    ObjectNode data = JSON.objectNode();
    data.putArray("packet").add("bin").add(JSON.binaryNode(new byte[] {1, 2, 3, 4}));

    p.na().publish(MessageType.BROADCAST, data);

    await().atMost(Duration.ofSeconds(10)).until(() -> !p.lb().fromPeers(3).isEmpty());
    BusMessage m = p.lb().fromPeers(3).getFirst();
    assertThat(m.data().at("/packet/1").isBinary()).isTrue();
    assertThat(m.data().at("/packet/1").binaryValue()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aPayloadOf7999BytesGoesInlineAndOneOf8000GoesThroughTheTable() {
    PostgresBus a = buses.start(TestBuses.config(db).heartbeatInterval(Duration.ofMinutes(1)).heartbeatTimeout(Duration.ofMinutes(2)).build());
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/edge", la);
    // Sequence numbers 10..99 all have two digits: push the counter there, then size payloads exactly.
    for (int i = 0; i < 12; i++) na.publish(MessageType.BROADCAST, JSON.objectNode());
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 12);
    assertThat(la.ofType(3).getLast().seq()).isBetween(12L, 13L);

    na.publish(MessageType.BROADCAST, padded(a, 7_999));
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 13);
    assertThat(a.stats().attachmentsWritten()).isZero();

    na.publish(MessageType.BROADCAST, padded(a, 8_000));
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 14);
    assertThat(a.stats().attachmentsWritten()).isEqualTo(1);
    assertThat(a.stats().droppedMessages()).isZero();
  }

  private static ObjectNode padded(PostgresBus a, int payloadBytes) {
    ObjectNode data = JSON.objectNode().put("s", "");
    int overhead = EnvelopeCodec.utf8Length(EnvelopeCodec.closeJson(EnvelopeCodec.openJson(3, data, a.uid(), "/edge"), 99));
    return JSON.objectNode().put("s", "p".repeat(payloadBytes - overhead));
  }

  @Test
  void largeSmallAndBinaryMessagesArriveInPublishOrder() {
    Pair p = pair("/mixed");
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ObjectNode data = JSON.objectNode().put("i", i);
      if (i % 5 == 1) data.put("pad", "y".repeat(8_500));
      if (i % 7 == 3) data.put("bin", new byte[] {(byte) i});
      p.na().publish(MessageType.BROADCAST, data);
      sent.add(i);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> p.lb().fromPeers(3).size() == 40);
    assertThat(p.lb().fromPeers(3).stream().map(m -> m.data().get("i").asInt()).toList()).isEqualTo(sent);
  }

  @Test
  void aRowWrittenByNodeIsReadAndDecodedWithItsBinary() throws Exception {
    // Row 2 of the reference capture, stored and announced exactly as a Node node does.
    PostgresBus b = buses.start(db);
    RecordingListener lb = new RecordingListener();
    b.join("/", lb);
    long id;
    try (Connection c = TestPostgres.connect(db);
         PreparedStatement ps = c.prepareStatement("INSERT INTO socket_io_attachments (payload) VALUES (?) RETURNING id")) {
      ps.setBytes(1, HexFormat.of().parseHex(NODE_ROW_2));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    try (RawChannel node = new RawChannel(db, "socket.io#/")) {
      node.send("{\"uid\":\"b42c5e810c7d5725\",\"type\":3,\"attachmentId\":\"" + id + "\"}");

      await().atMost(Duration.ofSeconds(10)).until(() -> !lb.fromPeers(3).isEmpty());
    }
    BusMessage m = lb.fromPeers(3).getFirst();
    assertThat(m.uid()).isEqualTo("b42c5e810c7d5725");
    assertThat(m.seq()).isEqualTo(-1);
    assertThat(m.data().at("/packet/data/1").binaryValue()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aHeaderWhoseRowIsGoneIsDroppedCountedAndDoesNotHoldUpLaterMessages() throws Exception {
    PostgresBus b = buses.start(db);
    RecordingListener lb = new RecordingListener();
    b.join("/gone", lb);
    await().atMost(Duration.ofSeconds(10)).until(() -> lb.events.isEmpty() && b.stats().receivedMessages() > 0);

    try (RawChannel peer = new RawChannel(db, "socket.io#/gone")) {
      peer.send("{\"uid\":\"0123456789abcdef\",\"type\":3,\"attachmentId\":\"987654321\"}");
      peer.send("{\"type\":3,\"data\":{\"after\":true},\"uid\":\"0123456789abcdef\",\"nsp\":\"/gone\"}");
      peer.send("not json at all");
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().undecodableMessages() == 2);
    assertThat(lb.fromPeers(3)).singleElement().satisfies(m -> assertThat(m.data().get("after").booleanValue()).isTrue());
  }

  @Test
  void cleanupDeletesRowsOlderThanTheCleanupInterval() throws Exception {
    TestPostgres.execute(db, "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)",
        "INSERT INTO socket_io_attachments (created_at, payload) VALUES (now() - interval '1 hour', '\\x00')");
    assertThat(oldRows()).isPositive();

    buses.start(TestBuses.config(db).cleanupInterval(Duration.ofMillis(300)).build());

    await().atMost(Duration.ofSeconds(10)).until(() -> oldRows() == 0);
  }

  private static int oldRows() throws Exception {
    try (Connection c = TestPostgres.connect(db);
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM socket_io_attachments WHERE created_at < now() - interval '10 minutes'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
