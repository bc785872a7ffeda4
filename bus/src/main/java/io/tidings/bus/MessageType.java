package io.tidings.bus;

/**
 * The message types of the Node {@code socket.io-adapter} ClusterAdapter, as numbered on the wire
 * (1-based; never the Redis adapter's 0-based request enum). Types above 13 are Tidings' own and only
 * ever travel on namespaces that no Node process joins.
 */
public final class MessageType {
  public static final int INITIAL_HEARTBEAT = 1;
  public static final int HEARTBEAT = 2;
  public static final int BROADCAST = 3;
  public static final int SOCKETS_JOIN = 4;
  public static final int SOCKETS_LEAVE = 5;
  public static final int DISCONNECT_SOCKETS = 6;
  public static final int FETCH_SOCKETS = 7;
  public static final int FETCH_SOCKETS_RESPONSE = 8;
  public static final int SERVER_SIDE_EMIT = 9;
  public static final int SERVER_SIDE_EMIT_RESPONSE = 10;
  public static final int BROADCAST_CLIENT_COUNT = 11;
  public static final int BROADCAST_ACK = 12;
  public static final int ADAPTER_CLOSE = 13;

  /**
   * Tidings only: asks one peer for the messages it sent after a sequence number, because this node
   * missed them ({@code {"to","after","requestId"}}). Sent only to peers that number their messages,
   * i.e. Tidings nodes; a Node process that sees one on a shared namespace ignores the unknown type.
   */
  public static final int REPLAY_REQUEST = 18;
  /** Tidings only: the answer to {@link #REPLAY_REQUEST}, possibly in several parts. */
  public static final int REPLAY = 19;

  /** The first number free for Tidings-only message types. */
  public static final int FIRST_TIDINGS_TYPE = 20;

  private MessageType() {}

  /** True for the types that answer a request and carry its {@code requestId}. */
  public static boolean isResponse(int type) {
    return type == FETCH_SOCKETS_RESPONSE || type == SERVER_SIDE_EMIT_RESPONSE
        || type == BROADCAST_CLIENT_COUNT || type == BROADCAST_ACK;
  }
}
