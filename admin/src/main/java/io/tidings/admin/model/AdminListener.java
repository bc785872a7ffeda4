package io.tidings.admin.model;

import java.util.List;
import java.util.Map;

/**
 * What an instrumented server tells the admin namespace as it happens (development mode): the events of
 * {@code @socket.io/admin-ui} 0.5.1, one method each. The timestamps are added by the admin namespace.
 *
 * <p><b>Threading:</b> called from any thread (usually the socket's event loop); implementations must not
 * block and must be thread-safe. Arguments are immutable or owned by the callee.
 */
public interface AdminListener {

  /** {@code socket_connected}. */
  void socketConnected(AdminSocket socket);

  /** {@code socket_updated}: {@code fields} ({@code transport}, {@code data}) replace the socket's. */
  void socketUpdated(String nsp, String id, Map<String, Object> fields);

  /** {@code socket_disconnected} with Node's reason string ({@code "server namespace disconnect"}, …). */
  void socketDisconnected(String nsp, String id, String reason);

  /** {@code room_joined}. */
  void roomJoined(String nsp, String room, String id);

  /** {@code room_left}. */
  void roomLeft(String nsp, String room, String id);

  /** {@code event_received}: {@code args} starts with the event name. */
  void eventReceived(String nsp, String id, List<Object> args);

  /** {@code event_sent}: {@code args} starts with the event name. */
  void eventSent(String nsp, String id, List<Object> args);

  /** Listens to nothing. */
  AdminListener NONE = new AdminListener() {
    @Override public void socketConnected(AdminSocket socket) {}
    @Override public void socketUpdated(String nsp, String id, Map<String, Object> fields) {}
    @Override public void socketDisconnected(String nsp, String id, String reason) {}
    @Override public void roomJoined(String nsp, String room, String id) {}
    @Override public void roomLeft(String nsp, String room, String id) {}
    @Override public void eventReceived(String nsp, String id, List<Object> args) {}
    @Override public void eventSent(String nsp, String id, List<Object> args) {}
  };
}
