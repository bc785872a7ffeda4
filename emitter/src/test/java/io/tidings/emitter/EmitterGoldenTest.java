package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.emitter.TestEmitters.Emitters;
import io.tidings.emitter.TestEmitters.Way;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exact bytes the emitter writes for every operation, through its own session and on a JDBC connection
 * alike: the Node {@code @socket.io/postgres-emitter} 0.1.1 messages captured in the wire reference (§2, §6.2:
 * key order, {@code packet.nsp}, {@code opts} as {@code rooms, flags, except}, uid {@code "emitter"}) with the
 * top-level {@code "nsp"} added after {@code uid}, which Node's adapter 0.5 requires (§6.3); the attachment
 * row of a binary emit is Node's emitter row 3 with that {@code nsp} as a fourth key; headers are Node's.
 */
@Tag("postgres")
class EmitterGoldenTest {

  private static final HexFormat HEX = HexFormat.of();
  /** §6.2: the Node emitter's attachment row 3 ({@code e.emit("fromEmitterBin", Buffer.from([9, 9]))}), 98 bytes. */
  static final String NODE_EMITTER_ROW_3 = "83a47479706503a46461746182a67061636b657483a47479706502a46461746192ae66726f6d456d697474657242696e"
      + "c4020909a36e7370a12fa46f70747383a5726f6f6d7390a5666c61677380a665786365707490a3756964a7656d6974746572";
  /** MessagePack of {@code "nsp": "/"}. */
  private static final String NSP_ROOT = "a36e7370a12f";

  private static PgTarget db;

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private static Emitters open(Way way) throws Exception {
    return TestEmitters.open(way, db, TestEmitters.options(db).build());
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void anEmitToEveryoneIsNodesEmitterMessagePlusTheTopLevelNsp(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").emit("fromEmitter", "E1");

      // §6.2 [emitter] line 1, plus "nsp":"/".
      assertThat(wire.awaitExactly("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"fromEmitter\",\"E1\"],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}").channel())
          .isEqualTo("socket.io#/");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void anEmitToARoomCarriesTheRoom(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").to("room1").emit("fromEmitterRoom", "E2");

      // §6.2 [emitter] line 4, plus "nsp":"/".
      wire.awaitExactly("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"fromEmitterRoom\",\"E2\"],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[\"room1\"],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void anEmitToAnotherNamespaceGoesOnItsChannelWithItsNsp(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/custom"); Emitters emitters = open(way)) {
      emitters.of("/custom").emit("fromEmitterCustom", 3);

      // §6.2 [emitter] line 2, plus "nsp":"/custom".
      assertThat(wire.awaitExactly("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"fromEmitterCustom\",3],\"nsp\":\"/custom\"},"
          + "\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/custom\"}").channel())
          .isEqualTo("socket.io#/custom");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aServerSideEmitIsNodesEmitterMessagePlusTheTopLevelNsp(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").serverSideEmit("plain", "from-emitter");

      // §6.2 [emitter] line 3, plus "nsp":"/".
      wire.awaitExactly("{\"type\":9,\"data\":{\"packet\":[\"plain\",\"from-emitter\"]},\"uid\":\"emitter\",\"nsp\":\"/\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void roomsExceptAndFlagsAreWrittenInTheOrderTheyWereGiven(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").to("room1").except("room2").compress(false).volatile_().to("room0", "room1").emit("flags", 1);
      emitters.of("/").volatile_().emit("vol", 1);

      wire.awaitExactly("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"flags\",1],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[\"room1\",\"room0\"],\"flags\":{\"compress\":false,\"volatile\":true},\"except\":[\"room2\"]}},"
          + "\"uid\":\"emitter\",\"nsp\":\"/\"}");
      wire.awaitExactly("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"vol\",1],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[],\"flags\":{\"volatile\":true},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void socketsJoinLeaveAndDisconnectCarryRoomsAndExceptWithoutFlags(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").to("room1").socketsJoin("room3");
      emitters.of("/").to("room1").except("room2").socketsLeave("room3", "room4");
      emitters.of("/").to("room1").disconnectSockets(true);
      emitters.of("/").disconnectSockets(false);

      // §2: socketsJoin/Leave send data:{opts:{rooms,except}, rooms:[...]}; disconnectSockets data:{opts:{rooms,except}, close}.
      wire.awaitExactly("{\"type\":4,\"data\":{\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room3\"]},\"uid\":\"emitter\",\"nsp\":\"/\"}");
      wire.awaitExactly("{\"type\":5,\"data\":{\"opts\":{\"rooms\":[\"room1\"],\"except\":[\"room2\"]},\"rooms\":[\"room3\",\"room4\"]},"
          + "\"uid\":\"emitter\",\"nsp\":\"/\"}");
      wire.awaitExactly("{\"type\":6,\"data\":{\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"close\":true},\"uid\":\"emitter\",\"nsp\":\"/\"}");
      wire.awaitExactly("{\"type\":6,\"data\":{\"opts\":{\"rooms\":[],\"except\":[]},\"close\":false},\"uid\":\"emitter\",\"nsp\":\"/\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aBinaryEmitIsNodesEmitterRowWithTheNspAndNodesHeader(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").emit("fromEmitterBin", (Object) new byte[] {9, 9});

      String header = wire.await(p -> p.contains("attachmentId")).payload();
      assertThat(header).matches("\\{\"uid\":\"emitter\",\"type\":3,\"attachmentId\":\"[0-9]+\"}");
      long id = Long.parseLong(header.replaceAll("\\D+", " ").trim().split(" ")[1]);
      // Node's row 3 with a fourth key: 83 -> 84, and "nsp":"/" after "uid".
      assertThat(HEX.formatHex(row(id))).isEqualTo("84" + NODE_EMITTER_ROW_3.substring(2) + NSP_ROOT);
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aLargeEmitGoesThroughTheTableAsOneMessagePackMap(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      emitters.of("/").emit("big", "x".repeat(9_000));

      String header = wire.await(p -> p.contains("attachmentId")).payload();
      long id = Long.parseLong(header.replaceAll("\\D+", " ").trim().split(" ")[1]);
      // The layout of row 3: {type:3, data:{packet:{type:2, data:["big", str16(9000)], nsp:"/"},
      // opts:{rooms:[], flags:{}, except:[]}}, uid:"emitter", nsp:"/"}.
      assertThat(HEX.formatHex(row(id))).isEqualTo("84a47479706503a46461746182a67061636b657483a47479706502a46461746192"
          + "a3626967" + "da2328" + "78".repeat(9_000) + NSP_ROOT
          + "a46f70747383a5726f6f6d7390a5666c61677380a665786365707490" + "a3756964a7656d6974746572" + NSP_ROOT);
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aPayloadOf7999BytesIsANotifyAndOneOf8000GoesThroughTheTable(Way way) throws Exception {
    try (NotifyListener wire = new NotifyListener(db, "socket.io#/"); Emitters emitters = open(way)) {
      String frame = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"size\",\"\"],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}";
      String fits = "é".repeat((7_999 - frame.length()) / 2) + "y".repeat((7_999 - frame.length()) % 2);
      emitters.of("/").emit("size", fits);
      emitters.of("/").emit("size", fits + "z");

      String inline = wire.await(p -> p.contains("\"size\"")).payload();
      assertThat(inline.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(7_999);
      assertThat(inline).endsWith(fits + "\"],\"nsp\":\"/\"},\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}");
      assertThat(wire.await(p -> p.contains("attachmentId")).payload()).startsWith("{\"uid\":\"emitter\",\"type\":3,\"attachmentId\":");
    }
  }

  /** The attachment row's payload. */
  private static byte[] row(long id) throws Exception {
    try (Connection c = TestPostgres.connect(db);
         PreparedStatement ps = c.prepareStatement("SELECT payload FROM socket_io_attachments WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row " + id + " exists").isTrue();
        return rs.getBytes(1);
      }
    }
  }
}
