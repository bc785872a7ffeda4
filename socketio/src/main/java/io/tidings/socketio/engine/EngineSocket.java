package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import io.tidings.transport.fanout.Recipient;

/**
 * One Engine.IO session (Node's engine.io {@code Socket}): a client, whatever transport it uses now.
 *
 * <pre>
 *   handshake ──► OPEN ──(messages both ways; upgrade polling → websocket)──► OPEN
 *                   │
 *                   ├── close(): queued packets leave first ──► CLOSING ──(polling: the next poll gets "1")──► CLOSED
 *                   └── client gone, ping timeout, bad input, server shutting down ────────────────────────► CLOSED
 *   CLOSED: Listener.onClose(reason, description), once; nothing more is sent.
 * </pre>
 *
 * <p><b>Threading:</b> confined to {@link #loop()}: the listener is called there, and every method but
 * those below must be called there. {@link #sendText}, {@link #sendBinary} and {@link #close} may be called
 * from any thread (they hop onto the loop, in order); {@link #id}, {@link #loop}, {@link #loopIndex},
 * {@link #request}, {@link #transport} and {@link #isOpen} from any thread too.
 */
public interface EngineSocket {

  /** The Engine.IO session id: 20 characters of base64url, as Node's {@code base64id}. */
  String id();

  /** The event loop this session lives on, for its whole life (a WebSocket it upgrades to may live on another). */
  EventLoop loop();

  /** The number of {@link #loop()} among the transport's loops (the {@link Recipient#loopIndex()}). */
  int loopIndex();

  /** The request that opened the session. */
  HandshakeRequest request();

  /** {@code "polling"} or {@code "websocket"}; changes once, when an upgrade completes. */
  String transport();

  /**
   * Sends one Engine.IO message (type 4) holding {@code packetPayload} (a Socket.IO packet such as
   * {@code 2["hello"]}). Dropped once the session is closing. Any thread.
   */
  void sendText(String packetPayload);

  /**
   * Sends one binary message. {@code payload} is kept, not copied: do not change it afterwards. Dropped
   * once the session is closing. Any thread.
   */
  void sendBinary(byte[] payload);

  /**
   * Sends already-encoded messages ({@link io.tidings.socketio.engine.packet.EncodedPacket}s, each a message
   * packet as a {@code Parser} writes them), in order and together (one poll carries them all). The packets
   * are shared, not copied. Dropped once the session is closing. Any thread.
   */
  void send(java.util.List<io.tidings.socketio.engine.packet.EncodedPacket> messages);

  /**
   * Sends {@code messages} only if the transport can take them at once (Node's {@code volatile}): over
   * polling, when a poll is held and nothing waits before them; over WebSocket, always (the connection
   * queues). Otherwise they are dropped. Any thread.
   */
  void sendVolatile(java.util.List<io.tidings.socketio.engine.packet.EncodedPacket> messages);

  /**
   * This session as the fan-out sees it: give it to {@code RoomRegistry.join} (on {@link #loop()}). A
   * broadcast's frames (a text frame of {@code 4…}, then binary frames) are written as they are when the
   * session is on a WebSocket, and queued as packets for the next poll when it is on polling (a text frame's
   * payload as the packet text, a binary frame's as {@code b} + base64). The same object for the session's
   * whole life.
   */
  Recipient recipient();

  /** Where this session's messages and its end go; set it once, in {@link EngineListener#onConnection}. */
  void setListener(Listener listener);

  /**
   * Closes the session from the server side: packets already queued leave first, then the session ends
   * with {@link CloseReason#FORCED_CLOSE} (over polling once the client polls again, at most 30 s later).
   * Any thread; idempotent.
   */
  void close();

  /** True until the session starts closing. Any thread. */
  boolean isOpen();

  /**
   * A session's side of the layer above.
   *
   * <p><b>Threading:</b> called on the session's loop; must not block. <b>Buffers:</b> the arrays passed in
   * are the listener's to keep.
   */
  interface Listener {

    /** A text message arrived; {@code data} is {@code ""} for a message without data ({@code "4"}). */
    void onText(String data);

    /** A binary message arrived. */
    void onBinary(byte[] data);

    /**
     * The session closed; called once. {@code reason} is one of {@link CloseReason}'s strings;
     * {@code description} says more for {@link CloseReason#TRANSPORT_ERROR} ({@code "overlap from client"},
     * {@code "poll connection closed prematurely"}, …) and is null otherwise.
     */
    void onClose(String reason, String description);

    /** The session now runs over {@code transport} ({@code "websocket"}). */
    default void onUpgrade(String transport) {}
  }
}
