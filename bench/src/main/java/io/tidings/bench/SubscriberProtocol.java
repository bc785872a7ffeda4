package io.tidings.bench;

import java.util.function.Consumer;

/**
 * How a subscriber speaks to one kind of server once its WebSocket is open: what to send to become a
 * subscriber, how to answer the server's keep-alives, and when it is subscribed. Benchmark messages never
 * reach it (the {@link Subscriber} finds them by their payload marker first).
 *
 * <p>Implementations are stateless and shared by every subscriber; called on the subscriber's loop.
 */
public interface SubscriberProtocol {

  /** The path and query of the WebSocket upgrade. */
  String path();

  /**
   * A text frame from the server that is not a benchmark message.
   *
   * @param send sends a text frame back
   * @return true when this frame completes the subscription
   */
  boolean onText(String text, Consumer<String> send);

  /** Pusher protocol 7: connect to {@code /app/{key}}, subscribe to one public channel, answer pings. */
  static SubscriberProtocol pusher(String appKey, String channel) {
    String subscribe = "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}";
    String pong = "{\"event\":\"pusher:pong\",\"data\":{}}";
    String path = "/app/" + appKey + "?protocol=7&client=tidings-bench&version=1.0&flash=false";
    return new SubscriberProtocol() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public boolean onText(String text, Consumer<String> send) {
        if (text.contains("\"pusher:connection_established\"")) {
          send.accept(subscribe);
        } else if (text.contains("\"pusher_internal:subscription_succeeded\"")) {
          return true;
        } else if (text.contains("\"pusher:ping\"")) {
          send.accept(pong);
        }
        return false;
      }
    };
  }

  /**
   * Engine.IO 4 / Socket.IO 5 over the websocket transport, main namespace; the peer's server script puts
   * every socket in the benchmark room when it connects, so joining the namespace is subscribing.
   */
  static SubscriberProtocol socketIo() {
    return new SubscriberProtocol() {
      @Override
      public String path() {
        return "/socket.io/?EIO=4&transport=websocket";
      }

      @Override
      public boolean onText(String text, Consumer<String> send) {
        if (text.startsWith("40")) return true;       // CONNECT acknowledged (joined the room)
        if (text.startsWith("0")) send.accept("40");   // Engine.IO open: connect to the main namespace
        else if (text.equals("2")) send.accept("3");   // ping → pong
        return false;
      }
    };
  }
}
