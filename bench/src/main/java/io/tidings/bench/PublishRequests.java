package io.tidings.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the raw HTTP/1.1 publish requests of a target: Pusher's signed {@code POST /apps/{id}/events}
 * and {@code batch_events} (the signature as every Pusher server SDK computes it: HMAC-SHA256 of
 * {@code METHOD\npath\nsorted query} with {@code body_md5}), or the Socket.IO peer script's
 * {@code POST /publish}. Each instance is used by one thread.
 */
public abstract sealed class PublishRequests {

  private static final HexFormat HEX = HexFormat.of();

  /** The request carrying {@code data} (one payload per event; one or several events). */
  public abstract byte[] request(List<String> data);

  /** Pusher HTTP API requests of one app to one channel. */
  public static final class Pusher extends PublishRequests {
    private final String hostHeader;
    private final String appId;
    private final String key;
    private final Mac mac;
    private final MessageDigest md5;
    private final String channel;

    public Pusher(String host, int port, String appId, String key, String secret, String channel) {
      this.hostHeader = host + ":" + port;
      this.appId = appId;
      this.key = key;
      this.channel = channel;
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }

    /** One event per payload: {@code events} for one, {@code batch_events} for several. */
    @Override
    public byte[] request(List<String> data) {
      StringBuilder body = new StringBuilder(160 * data.size());
      String path;
      if (data.size() == 1) {
        path = "/apps/" + appId + "/events";
        event(body, data.get(0));
      } else {
        path = "/apps/" + appId + "/batch_events";
        body.append("{\"batch\":[");
        for (int i = 0; i < data.size(); i++) {
          if (i > 0) body.append(',');
          event(body, data.get(i));
        }
        body.append("]}");
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      return signed(path, bytes, System.currentTimeMillis() / 1000);
    }

    private void event(StringBuilder body, String data) {
      body.append("{\"name\":\"bench\",\"channel\":\"").append(channel).append("\",\"data\":\"").append(data).append("\"}");
    }

    /** The whole request for {@code body} to {@code path}, signed at {@code timestamp} (seconds). */
    public byte[] signed(String path, byte[] body, long timestamp) {
      String query = "auth_key=" + key + "&auth_timestamp=" + timestamp + "&auth_version=1.0&body_md5="
          + HEX.formatHex(md5.digest(body));
      String signature = HEX.formatHex(mac.doFinal(("POST\n" + path + "\n" + query).getBytes(StandardCharsets.UTF_8)));
      String head = "POST " + path + "?" + query + "&auth_signature=" + signature + " HTTP/1.1\r\n"
          + "Host: " + hostHeader + "\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[h.length + body.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      return all;
    }
  }

  /**
   * The Socket.IO peer's publish endpoint: a JSON array of payloads, each emitted to the benchmark room
   * as {@code io.to(room).emit("bench", data)} (bench/peers/socketio/server.js).
   */
  public static final class SocketIo extends PublishRequests {
    private final String hostHeader;

    public SocketIo(String host, int port) {
      this.hostHeader = host + ":" + port;
    }

    @Override
    public byte[] request(List<String> data) {
      StringBuilder body = new StringBuilder(110 * data.size());
      body.append('[');
      for (int i = 0; i < data.size(); i++) {
        if (i > 0) body.append(',');
        body.append('"').append(data.get(i)).append('"');
      }
      body.append(']');
      byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
      String head = "POST /publish HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + b.length + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[h.length + b.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(b, 0, all, h.length, b.length);
      return all;
    }
  }
}
