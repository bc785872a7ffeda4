package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import io.tidings.transport.http.CorsPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CORS on every answer and preflights, and {@code allowRequest}'s refusals, with Node's answers. */
class CorsAndAllowRequestTest {

  private static final CorsPolicy NODE_CORS_ANY = CorsPolicy.newBuilder().allowAnyOrigin()
      .allowMethods("GET,HEAD,PUT,PATCH,POST,DELETE").build();

  @Test
  void withCorsEveryAnswerCarriesTheOriginHeaderAndPreflightsGet204() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .cors(NODE_CORS_ANY).build())) {
      RawHttp.Response handshake = RawHttp.exchange(server.port(),
          RawHttp.get("/engine.io/?EIO=4&transport=polling", "Origin: https://a.example\r\n"));
      RawHttp.Response unknown = RawHttp.exchange(server.port(),
          RawHttp.get("/engine.io/?EIO=4&transport=polling&sid=x", "Origin: https://a.example\r\n"));
      RawHttp.Response preflight = RawHttp.exchange(server.port(),
          "OPTIONS /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
              + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n");

      assertThat(handshake.header("access-control-allow-origin")).isEqualTo("*");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.header("access-control-allow-origin")).isEqualTo("*");
      assertThat(preflight.status()).isEqualTo(204);
      assertThat(preflight.header("access-control-allow-origin")).isEqualTo("*");
      assertThat(preflight.header("access-control-allow-methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
      assertThat(preflight.header("access-control-allow-headers")).isEqualTo("content-type");
    }
  }

  @Test
  void withoutCorsNoCorsHeaderIsSent() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build())) {
      RawHttp.Response r = RawHttp.exchange(server.port(),
          RawHttp.get("/engine.io/?EIO=4&transport=polling", "Origin: https://a.example\r\n"));

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("access-control-allow-origin")).isNull();
    }
  }

  @Test
  void aRefusalWithAMessageIs403OverPollingAnd400OnAnUpgrade() throws Exception {
    AtomicReference<HandshakeRequest> asked = new AtomicReference<>();
    AllowRequest refuse = request -> {
      asked.set(request);
      return CompletableFuture.supplyAsync(() -> AllowRequest.Decision.refuse("no thanks")); // decided on another thread
    };
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .allowRequest(refuse).build())) {
      RawHttp.Response polling = RawHttp.exchange(server.port(),
          RawHttp.get("/engine.io/?EIO=4&transport=polling&token=abc", "X-Custom: one\r\n"));
      RawHttp.Response upgrade = RawHttp.exchange(server.port(), RawHttp.upgrade("/engine.io/?EIO=4&transport=websocket"));

      assertThat(polling.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
      assertThat(polling.header("content-type")).isEqualTo("application/json");
      assertThat(polling.text()).isEqualTo("{\"code\":4,\"message\":\"no thanks\"}");
      assertThat(upgrade.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
      assertThat(upgrade.text()).isEqualTo("no thanks");
      assertThat(server.refusals).containsExactly("Forbidden", "Forbidden");
      assertThat(asked.get().url()).isEqualTo("/engine.io/?EIO=4&transport=websocket");
    }
  }

  @Test
  void aRefusalWithoutAMessageSaysForbiddenAndTheRequestIsShownAsNodeShowsIt() throws Exception {
    AtomicReference<HandshakeRequest> asked = new AtomicReference<>();
    AllowRequest refuse = request -> {
      asked.set(request);
      return CompletableFuture.completedFuture(AllowRequest.Decision.refuse());
    };
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .allowRequest(refuse).build())) {
      RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.get("/engine.io/?EIO=4&transport=polling&a=1&a=2&b=x+y",
          "Cookie: a=1\r\nCookie: b=2\r\nX-Many: 1\r\nX-Many: 2\r\nUser-Agent: first\r\nUser-Agent: second\r\n"));

      assertThat(r.status()).isEqualTo(403);
      assertThat(r.text()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
      HandshakeRequest h = asked.get();
      assertThat(h.query()).containsEntry("a", "2").containsEntry("b", "x y").containsEntry("EIO", "4");
      assertThat(h.header("cookie")).isEqualTo("a=1; b=2");
      assertThat(h.header("x-many")).isEqualTo("1, 2");
      assertThat(h.header("user-agent")).isEqualTo("first");
      assertThat(h.remoteAddress()).isEqualTo("127.0.0.1");
      assertThat(h.secure()).isFalse();
    }
  }

  @Test
  void anAllowedHandshakeOpensTheSessionWithTheRequestItWasAskedAbout() throws Exception {
    AllowRequest allow = request -> CompletableFuture.completedFuture(
        request.queryParameter("token") != null ? AllowRequest.Decision.ALLOW : AllowRequest.Decision.refuse());
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .allowRequest(allow).build())) {
      RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.get("/engine.io/?EIO=4&transport=polling&token=t"));

      assertThat(r.status()).isEqualTo(200);
      String sid = server.await("connection").split(" ")[1];
      assertThat(server.socket(sid).request().queryParameter("token")).isEqualTo("t");
    }
  }
}
