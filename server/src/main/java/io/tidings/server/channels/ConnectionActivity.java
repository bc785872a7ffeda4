package io.tidings.server.channels;

/**
 * What happens to this node's Pusher connections, for an observer that shows them (the admin UI's read
 * model): connections opening and closing, subscriptions, client events, and the events delivered to a
 * channel's local subscribers. The protocol and the channel registry call it; {@link #NONE} when nobody
 * watches, which is the default and costs a call to an empty method.
 *
 * <p><b>Threading:</b> {@link #opened}, {@link #closed}, {@link #subscribed}, {@link #unsubscribed},
 * {@link #signedIn} and {@link #clientEvent} are called on the connection's event loop, in the order they happen to that
 * connection; {@link #delivered} from any thread. Implementations must not block. {@code frame} is the
 * caller's: read it during the call, never change or keep it.
 */
public interface ConnectionActivity {

  /** A connection of app {@code appId} was accepted as {@code socketId}. */
  void opened(String appId, String socketId, ConnectionInfo info);

  /** The connection closed; {@code reason} in Socket.IO's words ({@code "transport close"}, {@code "server namespace disconnect"}). */
  void closed(String appId, String socketId, String reason);

  /** The connection subscribed to {@code channel}; {@code member} is its presence member, or null. */
  void subscribed(String appId, String socketId, String channel, PresenceMember member);

  /** The connection left {@code channel} (unsubscribed, or closed). */
  void unsubscribed(String appId, String socketId, String channel);

  /** The connection signed in ({@code pusher:signin}) as user {@code userId}. */
  void signedIn(String appId, String socketId, String userId);

  /** The connection sent {@code event} ({@code client-*}) on {@code channel}; {@code dataJson} may be null. */
  void clientEvent(String appId, String socketId, String channel, String event, String dataJson);

  /**
   * An event frame ({@code {"event","channel","data"}} JSON) went to this node's subscribers of
   * {@code channel} but {@code exceptSocketId} (may be null).
   */
  void delivered(String appId, String channel, byte[] frame, String exceptSocketId);

  /** Watches nothing. */
  ConnectionActivity NONE = new ConnectionActivity() {
    @Override public void opened(String appId, String socketId, ConnectionInfo info) {}
    @Override public void closed(String appId, String socketId, String reason) {}
    @Override public void subscribed(String appId, String socketId, String channel, PresenceMember member) {}
    @Override public void unsubscribed(String appId, String socketId, String channel) {}
    @Override public void signedIn(String appId, String socketId, String userId) {}
    @Override public void clientEvent(String appId, String socketId, String channel, String event, String dataJson) {}
    @Override public void delivered(String appId, String channel, byte[] frame, String exceptSocketId) {}
  };
}
