package io.tidings.socketio.engine;

/**
 * The Engine.IO transports this server speaks, by the names they have on the wire ({@code transport=…}).
 * Immutable and thread-safe.
 */
public enum EngineTransport {
  /** HTTP long-polling: a held {@code GET} receives, a {@code POST} sends. */
  POLLING("polling"),
  /** One WebSocket carrying one Engine.IO packet per frame. */
  WEBSOCKET("websocket");

  private final String wireName;

  EngineTransport(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the query string and in the open packet's {@code upgrades}. */
  public String wireName() {
    return wireName;
  }

  /** The transport named {@code name} on the wire, or null when there is none by that name. */
  public static EngineTransport ofWireName(String name) {
    for (EngineTransport t : values()) {
      if (t.wireName.equals(name)) return t;
    }
    return null;
  }
}
