package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.tidings.socketio.engine.EngineSocket;
import io.tidings.socketio.parser.Packet;
import io.tidings.socketio.parser.PacketDecoder;
import io.tidings.socketio.parser.PacketFormatException;
import io.tidings.socketio.parser.PacketType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection and the sockets it holds, one per namespace it joined: Node's {@code Client}.
 * It decodes the connection's messages into packets and routes them: a CONNECT to its namespace, anything
 * else to the socket of the packet's namespace. A connection that joins no namespace within
 * {@code connectTimeout} is closed; one that sends a packet that does not decode is closed (the engine then
 * reports {@code "forced close"}, as Node's does); one that sends a packet out of place (an EVENT for a
 * namespace it did not join) is closed with {@code "forced server close"}.
 *
 * <p><b>Threading:</b> confined to the connection's event loop (its engine listener runs there); the
 * sockets' calls ({@link #remove}, {@link #close}, {@link #disconnectAll}) are made there too.
 */
final class Client implements EngineSocket.Listener {

  private static final Logger log = LoggerFactory.getLogger(Client.class);

  private final SocketIoServer server;
  private final EngineSocket conn;
  private final PacketDecoder decoder;
  private final Map<String, Socket> nsps = new HashMap<>(2); // nearly always one namespace: a small table
  /** Null once cancelled, so an idle connection does not keep the cancelled task. On the loop. */
  private ScheduledFuture<?> connectTimeout;
  private boolean closed;

  Client(SocketIoServer server, EngineSocket conn) {
    this.server = server;
    this.conn = conn;
    this.decoder = server.options().parser().newDecoder();
    this.connectTimeout = conn.loop().schedule(() -> {
      if (nsps.isEmpty() && !closed) {
        log.debug("connection {}: no namespace joined within connectTimeout, closing", conn.id());
        close();
      }
    }, server.options().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    server.metrics().connectionOpened();
  }

  EngineSocket conn() {
    return conn;
  }

  boolean isOpen() {
    return !closed && conn.isOpen();
  }

  @Override
  public void onText(String data) {
    server.metrics().packetIn(data.length());
    Packet packet;
    try {
      packet = decoder.decode(data);
    } catch (PacketFormatException e) {
      badInput(e);
      return;
    }
    if (packet != null) onDecoded(packet);
  }

  @Override
  public void onBinary(byte[] data) {
    server.metrics().packetIn(data.length);
    Packet packet;
    try {
      packet = decoder.decode(data);
    } catch (PacketFormatException e) {
      badInput(e);
      return;
    }
    if (packet != null) onDecoded(packet);
  }

  /** Node's {@code onerror}: the connection is closed, its sockets hear {@code "forced close"} from the engine. */
  private void badInput(PacketFormatException e) {
    server.metrics().dropped("parse error");
    log.debug("connection {}: invalid packet ({}), closing", conn.id(), e.getMessage());
    conn.close();
  }

  private void onDecoded(Packet packet) {
    if (closed) return; // closing: the close itself waits behind queued writes (see close)
    Socket socket = nsps.get(packet.nsp());
    if (socket == null && packet.type() == PacketType.CONNECT) {
      connect(packet.nsp(), packet.data());
    } else if (socket != null && packet.type() != PacketType.CONNECT && packet.type() != PacketType.CONNECT_ERROR) {
      socket.onPacket(packet);
    } else {
      server.metrics().dropped("invalid state");
      log.debug("connection {}: {} for namespace {} in the wrong state, closing", conn.id(), packet.type(), packet.nsp());
      close();
    }
  }

  private void connect(String name, JsonNode auth) {
    JsonNode payload = auth == null || auth.isNull() || auth.isMissingNode() ? JsonNodeFactory.instance.objectNode() : auth;
    server.namespaceFor(name, payload, nsp -> {
      if (closed) return;
      if (nsp == null) {
        server.metrics().connectError("Invalid namespace");
        send(new Packet(PacketType.CONNECT_ERROR, name,
            JsonNodeFactory.instance.objectNode().put("message", "Invalid namespace"), null));
        return;
      }
      nsp.add(this, payload);
    });
  }

  /** Writes {@code packet} on this connection. */
  void send(Packet packet) {
    var encoded = server.options().parser().encode(packet);
    server.metrics().packetOut(encoded);
    conn.send(encoded);
  }

  /** {@code socket} connected to its namespace. On the loop. */
  void connected(Socket socket) {
    nsps.put(socket.nsp().name(), socket);
    cancelConnectTimeout();
    server.metrics().socketConnected();
  }

  private void cancelConnectTimeout() {
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
      connectTimeout = null;
    }
  }

  /** {@code socket} left its namespace. On the loop. */
  void remove(Socket socket) {
    if (nsps.get(socket.nsp().name()) == socket) {
      nsps.remove(socket.nsp().name());
      server.metrics().socketDisconnected();
    }
  }

  /** Node's {@code _disconnect}: every socket disconnects ({@code "server namespace disconnect"}), then the connection closes. */
  void disconnectAll() {
    for (Socket s : new ArrayList<>(nsps.values())) s.disconnect(false);
    close();
  }

  /** Node's {@code close}: closes the connection; the sockets hear {@code "forced server close"}. On the loop. */
  void close() {
    if (closed) return;
    // after the writes handed to the loop before it: a socket's writes wait in the loop's queue while a broadcast
    // handed over from another thread is ahead of them, so an ack sent just before disconnect(true) is not in
    // the engine's write buffer yet; Node's conn.close() waits for its buffer to drain, and closing at once lost
    // that ack (the client's callback failed with "socket has been disconnected")
    inBroadcastOrder(conn::close);
    onClose(DisconnectReason.FORCED_SERVER_CLOSE, null);
  }

  /**
   * Runs {@code task} (a write, or the close) on this connection's loop in the order of the broadcasts handed
   * to that loop: a broadcast made before it, from any thread, reaches the client first, as on Node's single
   * thread. Nothing when the loop is shut down (the connection is gone with it). Any thread.
   */
  void inBroadcastOrder(Runnable task) {
    try {
      server.loops().runInOrder(conn.loopIndex(), task);
    } catch (RejectedExecutionException e) {
      // the loop is shut down, and the connection with it
    }
  }

  @Override
  public void onClose(String reason, String description) {
    if (closed) return;
    closed = true;
    cancelConnectTimeout();
    List<Socket> sockets = new ArrayList<>(nsps.values());
    for (Socket s : sockets) s.onClose(reason, description);
    nsps.clear();
    server.metrics().connectionClosed();
  }

  @Override
  public String toString() {
    return "Client[" + conn.id() + "]";
  }
}
