package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP long-polling against the echo server, with Node's answers (captured from engine.io 6.6.13) as the
 * expectations: bodies, statuses, and the reason each session closed with.
 */
class PollingTest {

  private EngineTestServer server;
  private Polling polling;

  @BeforeEach
  void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").maxHttpBufferSize(100).build());
    polling = new Polling(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPostOfSeveralPacketsIsAnsweredOkAndTheEchoesComeBackInOnePoll() throws Exception {
    String sid = polling.handshake();

    RawHttp.Response post = polling.post(sid, "4hello\u001ebAQIDBA==\u001e4x");
    RawHttp.Response poll = polling.get(sid);

    assertThat(post.statusLine()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(post.headerLines()).containsExactly("Content-Type: text/html", "Content-Length: 2", "cache-control: no-store");
    assertThat(post.text()).isEqualTo("ok");
    assertThat(poll.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8", "Content-Length: 19",
        "cache-control: no-store");
    assertThat(poll.text()).isEqualTo("4hello\u001ebAQIDBA==\u001e4x");
    assertThat(server.await("text " + sid)).isEqualTo("text " + sid + " hello");
    assertThat(server.await("binary " + sid)).isEqualTo("binary " + sid + " 4");
  }

  @Test
  void aHeldPollIsAnsweredWhenTheServerSendsFromAnotherThread() throws Exception {
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);
    assertThat(poll).isNotDone();

    server.socket(sid).sendText("2[\"news\"]");

    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("42[\"news\"]");
  }

  @Test
  void aSecondPollWhileOneIsHeldClosesTheSession() throws Exception {
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> first = polling.getLater(sid);
    server.awaitPollHeld(sid);

    RawHttp.Response second = polling.get(sid);

    assertThat(second.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(second.headerLinesWithout("content-length")).isEmpty();
    assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("1");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error overlap from client");
    assertThat(polling.get(sid).text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    assertThat(server.refusals).contains("overlap from client");
  }

  @Test
  void aMalformedPayloadIsAnsweredOkAfterThePacketsBeforeItAndClosesTheSession() throws Exception {
    String sid = polling.handshake();

    RawHttp.Response post = polling.post(sid, "4ok\u001eabc");

    assertThat(post.text()).isEqualTo("ok");
    assertThat(server.await("text " + sid)).isEqualTo("text " + sid + " ok");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " parse error");
    assertThat(polling.get(sid).status()).isEqualTo(400);
    assertThat(server.refusals).contains("parse error");
  }

  @Test
  void anEmptyPostIsAParseError() throws Exception {
    String sid = polling.handshake();

    assertThat(polling.post(sid, "").text()).isEqualTo("ok");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " parse error");
  }

  @Test
  void aPostOverMaxHttpBufferSizeGetsABare413AndClosesTheSession() throws Exception {
    String sid = polling.handshake();

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(RawHttp.post(polling.query(sid), "4" + "y".repeat(100)));
      RawHttp.Response r = http.response();

      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Payload Too Large");
      assertThat(r.body()).isEmpty();
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error payload too large");
    assertThat(server.refusals).contains("payload too large");
  }

  @Test
  void aPostOfExactlyMaxHttpBufferSizeIsTaken() throws Exception {
    String sid = polling.handshake();

    assertThat(polling.post(sid, "4" + "y".repeat(99)).text()).isEqualTo("ok");
    assertThat(server.await("text " + sid)).isEqualTo("text " + sid + " " + "y".repeat(99));
  }

  @Test
  void aBinaryPostIsInvalidContentInProtocolFour() throws Exception {
    String sid = polling.handshake();

    RawHttp.Response r = RawHttp.exchange(server.port(),
        RawHttp.post(polling.query(sid), "4x", "Content-Type: application/octet-stream\r\n"));

    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(r.body()).isEmpty();
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error invalid content");
  }

  @Test
  void aClosePacketReleasesTheHeldPollWithANoopAndClosesTheSession() throws Exception {
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);

    assertThat(polling.post(sid, "1").text()).isEqualTo("ok");

    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("6");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
    assertThat(polling.get(sid).status()).isEqualTo(400);
  }

  @Test
  void aPingFromTheClientIsTheWrongHeartbeatDirection() throws Exception {
    String sid = polling.handshake();

    assertThat(polling.post(sid, "2").text()).isEqualTo("ok");

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error invalid heartbeat direction");
  }

  @Test
  void aPollWhoseClientGoesAwayClosesTheSession() throws Exception {
    String sid = polling.handshake();
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(RawHttp.get(polling.query(sid)));
      server.awaitPollHeld(sid);
    }

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error poll connection closed prematurely");
  }

  @Test
  void aServerCloseWithAHeldPollSendsTheQueuedPacketThenTheClosePacketOnTheNextPoll() throws Exception {
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);

    // The echo server answers "close-me" with an echo, then closes the session.
    polling.post(sid, "4close-me");

    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("4close-me");
    assertThat(polling.get(sid).text()).isEqualTo("6\u001e1");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    assertThat(polling.get(sid).status()).isEqualTo(400);
  }

  @Test
  void aServerCloseWithNoPollHeldWaitsForTheNextPollToCarryTheClosePacket() throws Exception {
    String sid = polling.handshake();
    polling.post(sid, "4close-me");

    assertThat(polling.get(sid).text()).isEqualTo("4close-me");
    assertThat(server.socket(sid).isOpen()).isFalse();
    assertThat(polling.get(sid).text()).isEqualTo("6\u001e1");
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
  }

  @Test
  void theSessionCountFollowsOpenAndClose() throws Exception {
    assertThat(server.engine.clientsCount()).isZero();
    String sid = polling.handshake();
    assertThat(server.engine.clientsCount()).isEqualTo(1);

    polling.post(sid, "1");

    server.await("close " + sid);
    assertThat(server.engine.clientsCount()).isZero();
  }
}
