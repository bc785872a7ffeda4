package io.tidings.admin;

import io.tidings.admin.model.AdminListener;
import io.tidings.admin.model.AdminSocket;
import io.tidings.admin.cluster.AdminRelay;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Development mode's live events, as {@code @socket.io/admin-ui} 0.5.1 emits them to its namespace: each
 * with the arguments of Node's and a timestamp last (a JavaScript {@code Date}, which JSON writes as an ISO
 * string with milliseconds). The relay carries each to every admin client of the cluster.
 *
 * <p>Thread-safe: called from the instrumented server's threads; emitting hands the event to the adapter.
 */
final class AdminEvents implements AdminListener {

  private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final AdminRelay admin;

  AdminEvents(AdminRelay admin) {
    this.admin = admin;
  }

  /** Now, as {@code JSON.stringify(new Date())} writes it. */
  static String now() {
    return JS_ISO.format(java.time.Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  @Override
  public void socketConnected(AdminSocket socket) {
    admin.emit("socket_connected", socket.toJson(), now());
  }

  @Override
  public void socketUpdated(String nsp, String id, Map<String, Object> fields) {
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("id", id);
    update.put("nsp", nsp);
    update.putAll(fields);
    admin.emit("socket_updated", update);
  }

  @Override
  public void socketDisconnected(String nsp, String id, String reason) {
    admin.emit("socket_disconnected", nsp, id, reason, now());
  }

  @Override
  public void roomJoined(String nsp, String room, String id) {
    admin.emit("room_joined", nsp, room, id, now());
  }

  @Override
  public void roomLeft(String nsp, String room, String id) {
    admin.emit("room_left", nsp, room, id, now());
  }

  @Override
  public void eventReceived(String nsp, String id, List<Object> args) {
    admin.emit("event_received", nsp, id, args, now());
  }

  @Override
  public void eventSent(String nsp, String id, List<Object> args) {
    admin.emit("event_sent", nsp, id, args, now());
  }
}
