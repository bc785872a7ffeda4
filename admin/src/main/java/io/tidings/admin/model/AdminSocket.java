package io.tidings.admin.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One socket as the admin UI lists it ({@code all_sockets}, {@code socket_connected}). Immutable.
 *
 * @param id        the socket's id
 * @param clientId  the id of its connection (the UI groups sockets by it; 12 characters at most in Node)
 * @param transport {@code polling} or {@code websocket}
 * @param nsp       the namespace, {@code /} first
 * @param data      what the application keeps on the socket ({@code socket.data}), JSON-ready
 * @param handshake how it connected
 * @param rooms     its rooms, its own id included (the UI calls that one private)
 */
public record AdminSocket(String id, String clientId, String transport, String nsp, Map<String, Object> data,
    AdminHandshake handshake, List<String> rooms) {

  public AdminSocket {
    data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    rooms = List.copyOf(rooms);
  }

  /** The JSON shape the UI reads, field for field as Node's admin-ui serializes a socket. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("clientId", clientId);
    m.put("transport", transport);
    m.put("nsp", nsp);
    m.put("data", data);
    m.put("handshake", handshake.toJson());
    m.put("rooms", rooms);
    return m;
  }
}
