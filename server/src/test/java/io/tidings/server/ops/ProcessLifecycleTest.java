package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessLifecycleTest {

  @Test
  void sigtermClosesLiveSocketsWith4200AndExitsZero() {
    try (ServerProcess node = ServerProcess.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "200"));
         RawWebSocket ws = RawWebSocket.established(node.wsUrl("app-key"))) {
      node.terminate();
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server closed. Please reconnect shortly.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4200);
      assertThat(node.awaitExit(20)).isZero();
    }
  }

  @Test
  void anInvalidVariableStopsStartUpNamingIt() {
    var pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "io.tidings.server.Main", "start");
    pb.environment().put("SOKETI_PORT", "not-a-port");
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(out).contains("SOKETI_PORT").contains("not-a-port");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
