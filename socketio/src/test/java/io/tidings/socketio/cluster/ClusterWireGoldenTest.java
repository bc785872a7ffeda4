package io.tidings.socketio.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code data} of the ClusterAdapter's messages, byte for byte as Node 0.5.0 wrote them in the wire
 * reference's captures (§6.2, §6.3), and read back as leniently as Node reads them.
 */
class ClusterWireGoldenTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String json(JsonNode n) {
    StringBuilder out = new StringBuilder();
    JavaScriptJson.write(n, out);
    return out.toString();
  }

  private static ArrayNode args(String json) throws Exception {
    return (ArrayNode) JSON.readTree(json);
  }

  @Test
  void aBroadcastToEveryoneIsNodesBytes() throws Exception {
    assertThat(json(ClusterWire.broadcast(args("[\"hello\",\"world\",1,{\"nested\":true}]"), BroadcastOptions.ALL)))
        .isEqualTo("{\"packet\":{\"type\":2,\"data\":[\"hello\",\"world\",1,{\"nested\":true}]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
  }

  @Test
  void roomsExceptAndEachFlagAreWrittenAsNodeWritesThem() throws Exception {
    BroadcastOptions toRoom = new BroadcastOptions(Set.of("room1"), Set.of("room2"), BroadcastFlags.NONE);
    assertThat(json(ClusterWire.broadcast(args("[\"roomMsg\",\"r1\"]"), toRoom)))
        .isEqualTo("{\"packet\":{\"type\":2,\"data\":[\"roomMsg\",\"r1\"]},\"opts\":{\"rooms\":[\"room1\"],\"except\":[\"room2\"],\"flags\":{}}}");
    assertThat(json(ClusterWire.opts(new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE.withVolatile()))))
        .isEqualTo("{\"rooms\":[],\"except\":[],\"flags\":{\"volatile\":true}}");
    assertThat(json(ClusterWire.opts(new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE.withCompress(false)))))
        .isEqualTo("{\"rooms\":[],\"except\":[],\"flags\":{\"compress\":false}}");
    assertThat(json(ClusterWire.opts(new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE.withTimeout(Duration.ofMillis(2_000))))))
        .isEqualTo("{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":2000}}");
  }

  @Test
  void socketsJoinAndDisconnectSocketsAreNodesBytes() {
    BroadcastOptions room1 = new BroadcastOptions(Set.of("room1"), Set.of(), BroadcastFlags.NONE);
    assertThat(json(ClusterWire.rooms(room1, Set.of("room3"))))
        .isEqualTo("{\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}},\"rooms\":[\"room3\"]}");
    assertThat(json(ClusterWire.disconnect(room1, false)))
        .isEqualTo("{\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}},\"close\":false}");
    assertThat(json(ClusterWire.fetch(BroadcastOptions.ALL))).isEqualTo("{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
  }

  @Test
  void optionsAreReadLenientlyAsNodeReadsThem() throws Exception {
    // §6.3: only rooms; the emitters' order and no flags; Go's nanosecond timeout.
    BroadcastOptions minimal = ClusterWire.opts(JSON.readTree("{\"rooms\":[]}"));
    assertThat(minimal).isEqualTo(BroadcastOptions.ALL);
    BroadcastOptions emitter = ClusterWire.opts(JSON.readTree("{\"rooms\":[\"room1\"],\"except\":[\"x\"]}"));
    assertThat(emitter.rooms()).containsExactly("room1");
    assertThat(emitter.except()).containsExactly("x");
    BroadcastOptions flagged = ClusterWire.opts(JSON.readTree("{\"rooms\":[],\"flags\":{\"volatile\":true,\"compress\":false,\"timeout\":1500}}"));
    assertThat(flagged.flags()).isEqualTo(BroadcastFlags.NONE.withVolatile().withCompress(false).withTimeout(Duration.ofMillis(1_500)));
    BroadcastOptions go = ClusterWire.opts(JSON.readTree("{\"rooms\":[],\"flags\":{\"timeout\":2000000000,\"volatile\":false}}"));
    assertThat(go.flags()).as("a nanosecond timeout is left out").isEqualTo(BroadcastFlags.NONE);
    assertThat(ClusterWire.opts((JsonNode) null)).isEqualTo(BroadcastOptions.ALL);
  }

  @Test
  void aFetchSocketsAnswerOfNodeIsReadWithHandshakeRoomsAndData() throws Exception {
    JsonNode fromNode = JSON.readTree("{\"id\":\"eFjA50bYyLtbducxAAAA\",\"handshake\":{\"headers\":{\"host\":\"127.0.0.1:3002\"},"
        + "\"time\":\"Sat Nov 21 2026 05:23:06 GMT+0000 (Coordinated Universal Time)\",\"address\":\"::ffff:127.0.0.1\","
        + "\"xdomain\":false,\"secure\":false,\"issued\":1795238586351,\"url\":\"/socket.io/?EIO=4&transport=websocket\","
        + "\"query\":{\"EIO\":\"4\",\"transport\":\"websocket\"},\"auth\":{\"token\":\"abc-cB\"}},"
        + "\"rooms\":[\"eFjA50bYyLtbducxAAAA\",\"room1\"],\"data\":{\"name\":\"client-on-B\",\"n\":42}}");
    SocketDetails d = ClusterWire.socket(fromNode);
    assertThat(d.id()).isEqualTo("eFjA50bYyLtbducxAAAA");
    assertThat(d.rooms()).containsExactlyInAnyOrder("eFjA50bYyLtbducxAAAA", "room1");
    assertThat(d.handshake().at("/auth/token").asText()).isEqualTo("abc-cB");
    assertThat(d.data().toString()).isEqualTo("{\"name\":\"client-on-B\",\"n\":42}");
    // And written back the same way, keys in Node's order.
    assertThat(json(ClusterWire.socket(d))).startsWith("{\"id\":\"eFjA50bYyLtbducxAAAA\",\"handshake\":{\"headers\":")
        .endsWith("\"data\":{\"name\":\"client-on-B\",\"n\":42}}");
    assertThat(ClusterWire.socket(JSON.readTree("{\"handshake\":{}}"))).as("no id: not a socket").isNull();
  }
}
