package io.tidings.socketio.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.socketio.adapter.Sessions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A session crosses to the node that restores it with its id, pid, rooms and data (as JSON). */
class SessionRequestsTest {

  @Test
  void aSessionSurvivesItsTripAsJson() {
    Sessions.Persisted s = new Sessions.Persisted("sid-1", "pid-1", Set.of("sid-1", "r1"), Map.of("server", "A", "n", 42));
    JsonNode wire = SessionRequests.toJson(s);
    assertThat(wire.get("sid").asText()).isEqualTo("sid-1");
    assertThat(wire.get("data").toString()).isIn("{\"server\":\"A\",\"n\":42}", "{\"n\":42,\"server\":\"A\"}");

    Sessions.Persisted back = SessionRequests.fromJson(wire);
    assertThat(back.sid()).isEqualTo("sid-1");
    assertThat(back.pid()).isEqualTo("pid-1");
    assertThat(back.rooms()).containsExactlyInAnyOrder("sid-1", "r1");
    assertThat(((JsonNode) back.data()).get("n").asInt()).isEqualTo(42);
  }

  @Test
  void somethingThatIsNotASessionIsNone() {
    assertThat(SessionRequests.fromJson(null)).isNull();
    assertThat(SessionRequests.fromJson(ClusterWire.value(Map.of("sid", 1)))).isNull();
  }
}
