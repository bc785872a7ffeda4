package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What {@code fetchSockets} learns of one socket, on this node or another: Node's {@code RemoteSocket}'s
 * fields. Immutable (as long as nobody changes {@code data}).
 *
 * @param id        the socket's id
 * @param handshake the handshake as Node's socket.io serializes it for the cluster: {@code {headers, time,
 *                  address, xdomain, secure, issued, url, query, auth}}
 * @param rooms     the rooms it is in, its own id's included
 * @param data      its {@code data}: the application's object on this node, a {@code JsonNode} when it came
 *                  from another node; may be null
 */
public record SocketDetails(String id, JsonNode handshake, Set<String> rooms, Object data) {

  public SocketDetails {
    rooms = Set.copyOf(rooms);
  }
}
