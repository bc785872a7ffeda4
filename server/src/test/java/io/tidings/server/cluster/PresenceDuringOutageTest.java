package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A presence subscription does not wait forever when the bus cannot echo the join. */
@Tag("postgres")
class PresenceDuringOutageTest {

  @Test
  void aPresenceJoinIsAnsweredFromTheLocalViewWhileTheDatabaseIsDown() {
    try (RestartablePostgres pg = TestPostgres.dedicated()) {
      Map<String, String> env = new HashMap<>(pg.target().soketiEnv());
      env.put("SOKETI_ADAPTER_DRIVER", "postgres");
      try (TestServer server = TestServer.start(env);
           RawWebSocket early = RawWebSocket.established(server.wsUrl())) {
        NodeFailureTest.joinPresence(early, "presence-lobby", "early");

        pg.stop();
        try (RawWebSocket late = RawWebSocket.established(server.wsUrl())) {
          String data = "{\"user_id\":\"late\"}";
          String sig = io.tidings.server.auth.Signatures.hmacSha256Hex("app-secret",
              late.socketId() + ":presence-lobby:" + data);
          late.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-lobby\",\"auth\":\"app-key:" + sig
              + "\",\"channel_data\":" + NodeFailureTest.quote(data) + "}}");
          JsonNode reply = late.dataOf(late.nextEvent("pusher_internal:subscription_succeeded")).path("presence");
          assertThat(reply.path("ids").toString()).isEqualTo("[\"early\",\"late\"]");
          assertThat(late.poll(3000)).as("one answer, not a second one later").isNull();
        } finally {
          pg.start();
        }
      }
    }
  }
}
