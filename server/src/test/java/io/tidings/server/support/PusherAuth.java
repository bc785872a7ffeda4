package io.tidings.server.support;

import com.pusher.rest.SignatureUtil;

/**
 * Signed client frames for raw-socket tests, signed with pusher-http-java's own HMAC
 * ({@link SignatureUtil#sign}), so the server is checked against a signature it did not compute itself.
 * The strings to sign are the protocol's: {@code socket_id:channel},
 * {@code socket_id:channel:channel_data}, {@code socket_id::user::user_data}.
 */
public final class PusherAuth {

  private final String key;
  private final String secret;

  public PusherAuth(String key, String secret) {
    this.key = key;
    this.secret = secret;
  }

  /** The default app's credentials. */
  public static PusherAuth defaultApp() {
    return new PusherAuth(TestServer.APP_KEY, TestServer.APP_SECRET);
  }

  /** {@code key:hex(HMAC-SHA256(secret, stringToSign))}. */
  public String auth(String stringToSign) {
    return key + ":" + SignatureUtil.sign(stringToSign, secret);
  }

  /** A {@code pusher:subscribe} frame for a private or encrypted channel. */
  public String subscribePrivate(String socketId, String channel) {
    return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":" + quote(channel) + ",\"auth\":"
        + quote(auth(socketId + ":" + channel)) + "}}";
  }

  /** A {@code pusher:subscribe} frame for a presence channel with {@code channelData} (raw JSON text). */
  public String subscribePresence(String socketId, String channel, String channelData) {
    return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":" + quote(channel) + ",\"auth\":"
        + quote(auth(socketId + ":" + channel + ":" + channelData)) + ",\"channel_data\":" + quote(channelData) + "}}";
  }

  /** A {@code pusher:signin} frame for {@code userData} (raw JSON text). */
  public String signin(String socketId, String userData) {
    return "{\"event\":\"pusher:signin\",\"data\":{\"user_data\":" + quote(userData) + ",\"auth\":"
        + quote(auth(socketId + "::user::" + userData)) + "}}";
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
