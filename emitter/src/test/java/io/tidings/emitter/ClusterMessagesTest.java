package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.wire.OutboundMessage;
import io.tidings.bus.wire.Publication;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the emitter writes for Java values and operator chains, checked on the NOTIFY JSON the bus's encoder
 * makes of it, and what it refuses before anything is sent.
 */
class ClusterMessagesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String wire(ClusterMessages.Message m, String nsp) {
    return OutboundMessage.of(m.type(), m.data(), "emitter", nsp).json(-1);
  }

  private static String packetData(Object... args) {
    ClusterMessages.Message m = ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, "ev", args, MAPPER);
    return m.data().get("packet").get("data").toString();
  }

  record Point(int x, int y, String label) {}

  /** A plain bean, written through its getters. */
  public static final class Account {
    public String getName() { return "ada"; }
    public long getBalance() { return 42L; }
  }

  @Test
  void recordsMapsBeansAndJsonNodesBecomeJson() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", List.of(true, "x"));
    ObjectNode node = MAPPER.createObjectNode().put("n", 1.5);

    assertThat(packetData(new Point(1, 2, "p"), map, new Account(), node, 7L, "s", null))
        .isEqualTo("[\"ev\",{\"x\":1,\"y\":2,\"label\":\"p\"},{\"b\":1,\"a\":[true,\"x\"]},{\"name\":\"ada\",\"balance\":42},"
            + "{\"n\":1.5},7,\"s\",null]");
  }

  @Test
  void anEmitWithOneNullArgumentSendsNull() {
    assertThat(packetData((Object[]) null)).isEqualTo("[\"ev\",null]");
    assertThat(packetData()).isEqualTo("[\"ev\"]");
  }

  @Test
  void aJsonNodeArgumentIsCopiedSoTheCallerMayChangeItAfterwards() {
    ObjectNode node = MAPPER.createObjectNode().put("v", 1);
    ClusterMessages.Message m = ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, "ev", new Object[] {node}, MAPPER);
    node.put("v", 2);

    assertThat(m.data().at("/packet/data/1/v").intValue()).isEqualTo(1);
  }

  @Test
  void bytesAndByteBuffersAtAnyDepthAreBinaryAndSendTheMessageThroughTheTable() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 5, 6, 7});
    buffer.position(1);
    Map<String, Object> nested = Map.of("blob", new byte[] {8});

    ClusterMessages.Message m = ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, "bin",
        new Object[] {new byte[] {1, 2}, buffer, nested}, MAPPER);

    assertThat(m.data().at("/packet/data/1").isBinary()).isTrue();
    assertThat(m.data().at("/packet/data/2").isBinary()).isTrue();
    assertThat(m.data().at("/packet/data/3/blob").isBinary()).isTrue();
    assertThat(buffer.position()).as("the caller's buffer is only read").isEqualTo(1);
    OutboundMessage out = OutboundMessage.of(m.type(), m.data(), "emitter", "/");
    assertThat(out.binary()).isTrue();
    assertThat(out.publication(-1, 8_000)).isInstanceOf(Publication.Attachment.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
  void eventNamesAClientSocketReservesAreRefused(String reserved) {
    assertThatThrownBy(() -> ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, reserved, new Object[0], MAPPER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + reserved + "\" is a reserved event name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "connection", "new_namespace"})
  void eventNamesANamespaceReservesAreRefusedForServerSideEmits(String reserved) {
    assertThatThrownBy(() -> ClusterMessages.serverSideEmit(reserved, new Object[0], MAPPER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + reserved + "\" is a reserved event name");
  }

  @Test
  void aCallbackIsRefusedAsAcknowledgementsAreNotSupported() {
    Consumer<Object> ack = reply -> {};
    Runnable anonymous = new Runnable() {
      @Override public void run() {}
    };
    for (Object callback : List.of(ack, anonymous, (Runnable) System::gc)) {
      assertThatThrownBy(() -> ClusterMessages.serverSideEmit("ping", new Object[] {"p", callback}, MAPPER))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Acknowledgements are not supported: argument 2 is a callback");
      assertThatThrownBy(() -> ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, "ev", new Object[] {callback}, MAPPER))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Acknowledgements are not supported");
    }
  }

  @Test
  void aValueJacksonCannotWriteIsRefusedNamingTheArgument() {
    Object opaque = new Object();

    assertThatThrownBy(() -> ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, "ev", new Object[] {"ok", opaque}, MAPPER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Argument 2 (java.lang.Object) cannot be written as JSON");
  }

  @Test
  void nullNamesAreRefused() {
    assertThatThrownBy(() -> ClusterMessages.broadcast("/", BroadcastOptions.EVERYONE, null, new Object[0], MAPPER))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("An event name must not be null");
    assertThatThrownBy(() -> BroadcastOptions.EVERYONE.withRooms(java.util.Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A room name must not be null");
    assertThatThrownBy(() -> ClusterMessages.socketsJoin(BroadcastOptions.EVERYONE, java.util.Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A room name must not be null");
    assertThatThrownBy(() -> ClusterMessages.namespace(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A namespace must not be null");
  }

  @Test
  void eachOptionReturnsANewValueAndLeavesTheOldOneAsItWas() {
    BroadcastOptions room1 = BroadcastOptions.EVERYONE.withRooms(List.of("room1"));
    BroadcastOptions both = room1.withRooms(List.of("room2", "room1"));
    BroadcastOptions flagged = both.withFlag("volatile", true).withExcept(List.of("x")).withFlag("compress", false)
        .withFlag("volatile", true);

    assertThat(BroadcastOptions.EVERYONE.rooms()).isEmpty();
    assertThat(room1.rooms()).containsExactly("room1");
    assertThat(both.rooms()).containsExactly("room1", "room2");
    assertThat(both.flags()).isEmpty();
    assertThat(both.except()).isEmpty();
    assertThat(flagged.flags()).containsExactly(Map.entry("volatile", true), Map.entry("compress", false));
    assertThat(wire(ClusterMessages.broadcast("/chat", flagged, "ev", new Object[0], MAPPER), "/chat"))
        .isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ev\"],\"nsp\":\"/chat\"},\"opts\":{\"rooms\":"
            + "[\"room1\",\"room2\"],\"flags\":{\"volatile\":true,\"compress\":false},\"except\":[\"x\"]}},\"uid\":\"emitter\",\"nsp\":\"/chat\"}");
  }

  @Test
  void aNamespaceGetsItsLeadingSlashAsNodesOfAddsIt() {
    assertThat(ClusterMessages.namespace("chat")).isEqualTo("/chat");
    assertThat(ClusterMessages.namespace("/chat")).isEqualTo("/chat");
    assertThat(JdbcEmitter.create().of("admin").namespace()).isEqualTo("/admin");
  }
}
