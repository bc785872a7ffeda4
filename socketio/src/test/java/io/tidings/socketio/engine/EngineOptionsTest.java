package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.testing.http.RawHttp;
import io.tidings.transport.http.CorsPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  @Test
  void theDefaultsAreNodes() {
    EngineOptions o = EngineOptions.DEFAULT;

    assertThat(o.path()).isEqualTo("/socket.io/");
    assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(25));
    assertThat(o.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.upgradeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.maxHttpBufferSize()).isEqualTo(1_000_000);
    assertThat(o.transports()).containsExactlyInAnyOrder(EngineTransport.POLLING, EngineTransport.WEBSOCKET);
    assertThat(o.allowUpgrades()).isTrue();
    assertThat(o.allowRequest()).isSameAs(AllowRequest.ALLOW_ALL);
    assertThat(o.cors()).isSameAs(CorsPolicy.NONE);
    assertThat(o.timers()).isSameAs(EngineTimers.SYSTEM);
  }

  @Test
  void thePathGetsOneTrailingSlashAsNodesAddTrailingSlash() {
    assertThat(EngineOptions.newBuilder().path("/engine.io").build().path()).isEqualTo("/engine.io/");
    assertThat(EngineOptions.newBuilder().path("/engine.io/").build().path()).isEqualTo("/engine.io/");
    assertThat(EngineOptions.newBuilder().path("/").build().path()).isEqualTo("/");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> EngineOptions.newBuilder().path("engine.io").build()).hasMessageContaining("path");
    assertThatThrownBy(() -> EngineOptions.newBuilder().pingInterval(Duration.ZERO).build()).hasMessageContaining("pingInterval");
    assertThatThrownBy(() -> EngineOptions.newBuilder().pingTimeout(Duration.ofMillis(-1)).build()).hasMessageContaining("pingTimeout");
    assertThatThrownBy(() -> EngineOptions.newBuilder().upgradeTimeout(null).build()).hasMessageContaining("upgradeTimeout");
    assertThatThrownBy(() -> EngineOptions.newBuilder().maxHttpBufferSize(0).build()).hasMessageContaining("maxHttpBufferSize");
    assertThatThrownBy(() -> EngineOptions.newBuilder().transports(Set.of()).build()).hasMessageContaining("transports");
  }

  @Test
  void toBuilderKeepsEverything() {
    EngineOptions o = EngineOptions.newBuilder().path("/x/").pingInterval(Duration.ofMillis(300))
        .transports(EnumSet.of(EngineTransport.WEBSOCKET)).allowUpgrades(false).build();

    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test
  void onlyWebSocketMeansPollingRequestsAreAnUnknownTransport() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .transports(EnumSet.of(EngineTransport.WEBSOCKET)).build())) {
      RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.get("/engine.io/?EIO=4&transport=polling"));

      assertThat(r.text()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
      try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
        assertThat(ws.next()).startsWith("text:0{");
      }
    }
  }

  @Test
  void withoutUpgradesThePollingOpenPacketOffersNone() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .allowUpgrades(false).build())) {
      RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.get("/engine.io/?EIO=4&transport=polling"));

      assertThat(r.text()).contains("\"upgrades\":[]");
    }
  }
}
