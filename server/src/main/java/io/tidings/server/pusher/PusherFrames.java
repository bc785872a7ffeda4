package io.tidings.server.pusher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.channels.PresenceMember;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The exact JSON of every frame the server sends, as Soketi 1.6.1 sends it: compact, keys in Soketi's
 * order, {@code data} a JSON <em>string</em> where Soketi stringifies it and an object where it does not.
 * Golden tests hold these bytes. Stateless and thread-safe.
 */
public final class PusherFrames {

  /** Shared mapper for reading client frames and building trees. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final JsonFactory FACTORY = JSON.getFactory();

  private PusherFrames() {}

  /** {@code pusher:connection_established} with its data as a string. */
  public static byte[] connectionEstablished(String socketId, int activityTimeoutSeconds) {
    String data = "{\"socket_id\":\"" + socketId + "\",\"activity_timeout\":" + activityTimeoutSeconds + "}";
    return write(g -> {
      g.writeStringField("event", "pusher:connection_established");
      g.writeStringField("data", data);
    });
  }

  /** {@code {"event":"pusher:pong","data":{}}}. */
  public static byte[] pong() {
    return write(g -> {
      g.writeStringField("event", "pusher:pong");
      g.writeObjectFieldStart("data");
      g.writeEndObject();
    });
  }

  /** {@code pusher:error} with {@code code} (null when the error has no Pusher code) and a message. */
  public static byte[] error(Integer code, String message) {
    return write(g -> {
      g.writeStringField("event", "pusher:error");
      g.writeObjectFieldStart("data");
      writeCode(g, code);
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /** {@code pusher:error} about a channel (client events), with the channel before the data as Soketi writes it. */
  public static byte[] channelError(String channel, int code, String message) {
    return write(g -> {
      g.writeStringField("event", "pusher:error");
      g.writeStringField("channel", channel);
      g.writeObjectFieldStart("data");
      g.writeNumberField("code", code);
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /**
   * {@code pusher_internal:subscription_succeeded} for every kind but presence: without data, as Soketi
   * sends it, except on {@code private-encrypted-} channels, where it carries {@code "data":"{}"} as
   * Pusher's own service does: pusher-java-client decrypts every frame of an encrypted channel and
   * fails on one without data, so the subscription would never succeed.
   */
  public static byte[] subscriptionSucceeded(String channel) {
    return write(g -> {
      g.writeStringField("event", "pusher_internal:subscription_succeeded");
      g.writeStringField("channel", channel);
      emptyDataOnEncrypted(g, channel);
    });
  }


  /**
   * Presence {@code subscription_succeeded}: data is the string
   * {@code {"presence":{"ids":[…],"hash":{…},"count":n}}}; a member without info is absent from hash.
   */
  public static byte[] presenceSubscriptionSucceeded(String channel, List<PresenceMember> members) {
    String data = new String(writeData(g -> {
      g.writeObjectFieldStart("presence");
      g.writeArrayFieldStart("ids");
      for (PresenceMember m : members) g.writeTree(m.userId());
      g.writeEndArray();
      g.writeObjectFieldStart("hash");
      for (PresenceMember m : members) {
        if (m.info() != null) {
          g.writeFieldName(m.hashKey());
          g.writeTree(m.info());
        }
      }
      g.writeEndObject();
      g.writeNumberField("count", members.size());
      g.writeEndObject();
    }), java.nio.charset.StandardCharsets.UTF_8);
    return write(g -> {
      g.writeStringField("event", "pusher_internal:subscription_succeeded");
      g.writeStringField("channel", channel);
      g.writeStringField("data", data);
    });
  }

  /**
   * {@code pusher:subscription_error}; {@code type} is omitted when null (Soketi's name errors have
   * none).
   */
  public static byte[] subscriptionError(String channel, String type, String error, int status) {
    return write(g -> {
      g.writeStringField("event", "pusher:subscription_error");
      g.writeStringField("channel", channel);
      g.writeObjectFieldStart("data");
      if (type != null) g.writeStringField("type", type);
      g.writeStringField("error", error);
      g.writeNumberField("status", status);
      g.writeEndObject();
    });
  }

  /** {@code pusher_internal:member_added}, data the string {@code {"user_id":…,"user_info":…}}. */
  public static byte[] memberAdded(String channel, PresenceMember member) {
    String data = new String(writeData(g -> {
      g.writeFieldName("user_id");
      g.writeTree(member.userId());
      if (member.info() != null) {
        g.writeFieldName("user_info");
        g.writeTree(member.info());
      }
    }, true), java.nio.charset.StandardCharsets.UTF_8);
    return internal("pusher_internal:member_added", channel, data);
  }

  /** {@code pusher_internal:member_removed}, data the string {@code {"user_id":…}}. */
  public static byte[] memberRemoved(String channel, JsonNode userId) {
    String data = new String(writeData(g -> {
      g.writeFieldName("user_id");
      g.writeTree(userId);
    }, true), java.nio.charset.StandardCharsets.UTF_8);
    return internal("pusher_internal:member_removed", channel, data);
  }

  /** An app event: {@code {"event":…,"channel":…,"data":…}} with data as given (a string stays a string). */
  public static byte[] event(String event, String channel, JsonNode data) {
    return event(event, channel, data == null ? null : data.toString(), null);
  }

  /** A relayed client event; {@code userId} (presence channels only) may be null. */
  public static byte[] clientEvent(String event, String channel, JsonNode data, JsonNode userId) {
    return event(event, channel, data == null ? null : data.toString(), userId == null ? null : userId.toString());
  }

  /**
   * An event frame from JSON text: {@code {"event":…,"channel":…,"data":…,"user_id":…}}, {@code data}
   * and {@code user_id} copied as given and left out when null. The hot path of every broadcast: the data
   * is serialized once per event (or arrives as text from the bus) and spliced in, never re-encoded.
   */
  public static byte[] event(String event, String channel, String dataJson, String userIdJson) {
    StringBuilder out = new StringBuilder(48 + (dataJson == null ? 0 : dataJson.length()) + event.length() + channel.length());
    out.append("{\"event\":");
    JavaScriptJson.writeString(event, out);
    out.append(",\"channel\":");
    JavaScriptJson.writeString(channel, out);
    if (dataJson != null) out.append(",\"data\":").append(dataJson);
    if (userIdJson != null) out.append(",\"user_id\":").append(userIdJson);
    return out.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code pusher:signin_success}, echoing the sign-in's data object as Soketi does. */
  public static byte[] signinSuccess(JsonNode signinData) {
    return write(g -> {
      g.writeStringField("event", "pusher:signin_success");
      g.writeFieldName("data");
      g.writeTree(signinData);
    });
  }

  /**
   * {@code {"event":"pusher:cache_miss","channel":…}}; with {@code "data":"{}"} on encrypted channels,
   * for the reason given at {@link #subscriptionSucceeded}.
   */
  public static byte[] cacheMiss(String channel) {
    return write(g -> {
      g.writeStringField("event", "pusher:cache_miss");
      g.writeStringField("channel", channel);
      emptyDataOnEncrypted(g, channel);
    });
  }

  private static void emptyDataOnEncrypted(JsonGenerator g, String channel) throws IOException {
    if (channel.startsWith("private-encrypted-")) g.writeStringField("data", "{}");
  }

  private static byte[] internal(String event, String channel, String data) {
    return write(g -> {
      g.writeStringField("event", event);
      g.writeStringField("channel", channel);
      g.writeStringField("data", data);
    });
  }

  private static void writeCode(JsonGenerator g, Integer code) throws IOException {
    if (code == null) {
      g.writeNullField("code");
    } else {
      g.writeNumberField("code", code);
    }
  }

  /** Writes the fields of one JSON object. */
  @FunctionalInterface
  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Fields fields) {
    return writeData(fields, true);
  }

  private static byte[] writeData(Fields fields) {
    return writeData(fields, true);
  }

  private static byte[] writeData(Fields fields, boolean wrapInObject) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (wrapInObject) g.writeStartObject();
      fields.write(g);
      if (wrapInObject) g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
