package io.tidings.server.support;

import io.tidings.server.auth.Signatures;

/**
 * Subscribes a {@link RawWebSocket} to private and presence channels with auth values computed as an
 * app's auth endpoint would (HMAC-SHA256 with the app secret), so tests need no auth server.
 */
public final class ChannelAuth {

  private ChannelAuth() {}

  /** Subscribes to a private (or encrypted) channel of the default app; returns the reply frame. */
  public static String subscribePrivate(RawWebSocket ws, String channel) {
    String auth = TestServer.APP_KEY + ":" + Signatures.hmacSha256Hex(TestServer.APP_SECRET, ws.socketId() + ":" + channel);
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth + "\"}}");
    return ws.next();
  }

  /**
   * Subscribes to a presence channel of the default app as {@code channelData} (a JSON object text such
   * as {@code {"user_id":7}}); returns the {@code subscription_succeeded} frame.
   */
  public static String subscribePresence(RawWebSocket ws, String channel, String channelData) {
    String auth = TestServer.APP_KEY + ":"
        + Signatures.hmacSha256Hex(TestServer.APP_SECRET, ws.socketId() + ":" + channel + ":" + channelData);
    String escaped = channelData.replace("\\", "\\\\").replace("\"", "\\\"");
    ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth
        + "\",\"channel_data\":\"" + escaped + "\"}}");
    return ws.nextEvent("pusher_internal:subscription_succeeded").toString();
  }
}
