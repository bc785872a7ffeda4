package io.tidings.socketio.engine.packet;

import io.tidings.bus.wire.JavaScriptJson;
import java.util.List;
import java.util.Objects;

/**
 * The handshake's open packet ({@code 0} + JSON), with its keys in the order Node's engine.io writes them:
 * {@code {"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}}. Immutable and thread-safe.
 *
 * @param sid the Engine.IO session id
 * @param upgrades the transports this session may upgrade to: {@code ["websocket"]} on polling, none on WebSocket
 * @param pingIntervalMillis {@code pingInterval}: how often the server pings
 * @param pingTimeoutMillis {@code pingTimeout}: how long the server waits for the pong
 * @param maxPayloadBytes {@code maxPayload}: the largest payload the server accepts ({@code maxHttpBufferSize})
 */
public record OpenPacket(String sid, List<String> upgrades, long pingIntervalMillis, long pingTimeoutMillis,
    long maxPayloadBytes) {

  public OpenPacket {
    Objects.requireNonNull(sid, "sid");
    upgrades = List.copyOf(upgrades);
  }

  /** The packet's JSON data, as {@code JSON.stringify} writes it. */
  public String json() {
    StringBuilder b = new StringBuilder(128).append("{\"sid\":");
    JavaScriptJson.writeString(sid, b);
    b.append(",\"upgrades\":[");
    for (int i = 0; i < upgrades.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      JavaScriptJson.writeString(upgrades.get(i), b);
    }
    return b.append("],\"pingInterval\":").append(pingIntervalMillis)
        .append(",\"pingTimeout\":").append(pingTimeoutMillis)
        .append(",\"maxPayload\":").append(maxPayloadBytes)
        .append('}').toString();
  }

  /** The open packet ready to send. */
  public EncodedPacket encode() {
    return EncodedPacket.text(EnginePacketType.OPEN, json());
  }
}
