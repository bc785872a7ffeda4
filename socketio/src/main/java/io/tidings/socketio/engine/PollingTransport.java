package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.engine.packet.EngineParseException;
import io.tidings.socketio.engine.packet.EngineParser;
import io.tidings.socketio.engine.packet.EnginePacketType;
import io.tidings.socketio.engine.packet.Utf8;
import io.tidings.transport.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP long-polling, as Node's {@code transports/polling.ts}: the client holds one {@code GET} open, which
 * is answered with whatever the session has to send (all of it, joined with {@code \x1e}); it sends packets
 * with {@code POST}, answered {@code ok}.
 *
 * <ul>
 *   <li>A second {@code GET} while one is held is abuse: the session closes with
 *       {@code "transport error"} ({@code "overlap from client"}), the held one gets the close packet
 *       {@code 1}, the new one a bare {@code 400}.</li>
 *   <li>A held {@code GET} whose client goes away closes the session ({@code "poll connection closed
 *       prematurely"}).</li>
 *   <li>A {@code POST} over {@code maxHttpBufferSize} bytes gets a bare {@code 413} and closes the
 *       session ({@code "payload too large"}); one typed {@code application/octet-stream} a bare {@code 400}
 *       ({@code "invalid content"}). A malformed payload is answered {@code ok} like any other (the packets
 *       before the bad one are delivered), and the session closes with {@code "parse error"}. A close packet
 *       {@code 1} ends the session ({@code "transport close"}); a held poll then gets a noop {@code 6}.</li>
 *   <li>Any other method gets a bare {@code 500}, and the session lives on.</li>
 *   <li>Closed by the session while no poll is held, the close packet waits for the next poll (it gets
 *       {@code 6\x1e1}) for at most {@value #CLOSE_TIMEOUT_MILLIS} ms.</li>
 * </ul>
 *
 * <p>Node reads a POST body as it streams in and errs on a second POST sent before the first finished
 * ({@code "data request overlap from client"}); here the transport hands over whole requests, each handled
 * at once, so two POSTs never overlap.
 *
 * <p><b>Threading:</b> confined to the session's loop; requests arrive there already ({@link PollingRequest}).
 */
final class PollingTransport extends Transport {

  /** Node's {@code closeTimeout}: how long a close waits for the poll that carries its close packet. */
  static final long CLOSE_TIMEOUT_MILLIS = 30_000;

  private final EventLoop loop;
  private final EngineTimers timers;
  private final int maxHttpBufferSize;
  private final Refusals refusals;
  /** The held poll, or null. */
  private HttpExchange poll;
  private boolean pollFromOldInternetExplorer;
  /** A close waiting for the next poll to carry its close packet, or null. */
  private Runnable shouldClose;
  private EngineTimers.Timer closeTimer;

  PollingTransport(EventLoop loop, EngineTimers timers, int maxHttpBufferSize, Refusals refusals) {
    this.loop = loop;
    this.timers = timers;
    this.maxHttpBufferSize = maxHttpBufferSize;
    this.refusals = refusals;
  }

  @Override
  EngineTransport kind() {
    return EngineTransport.POLLING;
  }

  @Override
  boolean writable() {
    return poll != null;
  }

  /** A request of this session arrived (on the session's loop). */
  void onRequest(PollingRequest request) {
    if (request.method().equals(HttpMethod.GET)) {
      onPoll(request.exchange(), request.oldInternetExplorer());
    } else if (request.method().equals(HttpMethod.POST)) {
      onData(request);
    } else {
      refusals.refused("unsupported method", request.exchange().remoteAddress());
      request.exchange().respond(PollingAnswers.bare(500));
    }
  }

  private void onPoll(HttpExchange exchange, boolean oldInternetExplorer) {
    if (poll != null) {
      refusals.refused("overlap from client", exchange.remoteAddress());
      events.onError(this, "overlap from client");
      exchange.respond(PollingAnswers.bare(400));
      return;
    }
    poll = exchange;
    pollFromOldInternetExplorer = oldInternetExplorer;
    exchange.onClose(() -> onSessionLoop(() -> {
      if (poll == exchange) events.onError(this, "poll connection closed prematurely");
    }));
    events.onReady(this);
    if (poll != null && shouldClose != null) send(List.of(NOOP)); // the close packet rides on a noop
  }

  private void onData(PollingRequest request) {
    HttpExchange exchange = request.exchange();
    if ("application/octet-stream".equals(request.contentType())) {
      // Binary bodies were Engine.IO v3's; a v4 client never sends one.
      refusals.refused("invalid content", exchange.remoteAddress());
      events.onError(this, "invalid content");
      exchange.respond(PollingAnswers.bare(400));
      return;
    }
    if (request.body().length > maxHttpBufferSize) {
      exchange.respond(PollingAnswers.bareThenClose(413));
      refusals.refused("payload too large", exchange.remoteAddress());
      events.onError(this, "payload too large");
      return;
    }
    receive(Utf8.decode(request.body()), exchange);
    exchange.respond(PollingAnswers.ok(request.oldInternetExplorer()));
  }

  private void receive(String payload, HttpExchange from) {
    try {
      EngineParser.decodePayload(payload, packet -> {
        if (isClosed()) return; // after a close packet nobody listens to the rest
        if (packet.type() == EnginePacketType.CLOSE) {
          closed();
        } else {
          events.onPacket(this, packet);
        }
      });
    } catch (EngineParseException e) {
      if (!isClosed()) {
        refusals.refused("parse error", from.remoteAddress());
        events.onParseError(this);
      }
    }
  }

  @Override
  void send(List<EncodedPacket> packets) {
    HttpExchange exchange = poll;
    boolean ie = pollFromOldInternetExplorer;
    poll = null;
    Runnable closing = shouldClose;
    List<EncodedPacket> all = packets;
    if (closing != null) {
      shouldClose = null;
      all = new ArrayList<>(packets.size() + 1);
      all.addAll(packets);
      all.add(CLOSE);
    }
    exchange.respond(PollingAnswers.payload(EngineParser.encodePayload(all), ie));
    if (closing != null) closing.run();
  }

  @Override
  protected void doClose(Runnable onClosed) {
    Runnable finish = new Runnable() {
      private boolean done;

      @Override
      public void run() {
        if (done) return;
        done = true;
        if (closeTimer != null) closeTimer.cancel();
        if (onClosed != null) onClosed.run();
        closed();
      }
    };
    if (poll != null) {
      send(List.of(CLOSE));
      finish.run();
    } else if (discarded) {
      finish.run();
    } else {
      shouldClose = finish;
      closeTimer = timers.schedule(loop, CLOSE_TIMEOUT_MILLIS, finish);
    }
  }

  /** Node's {@code onClose} of polling: a held poll is released with a noop first. */
  @Override
  protected void closed() {
    if (isClosed()) return;
    if (poll != null) send(List.of(NOOP));
    super.closed();
  }

  private void onSessionLoop(Runnable task) {
    if (loop.inEventLoop()) task.run(); else loop.execute(task);
  }
}
