package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.channel.EventLoop;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.parser.Packet;
import io.tidings.transport.fanout.Recipient;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A socket of this node as its namespace's {@link Adapter} sees it: what the adapter may do to it when a
 * broadcast, a {@code socketsJoin} or a {@code disconnectSockets} (from this node or another) reaches it.
 *
 * <p><b>Threading:</b> every method may be called from any thread; those that change the socket hop onto
 * its loop ({@link #loop()}) and keep the order in which they were called.
 */
public interface LocalSocket {

  /** The socket's id (also the name of the room only it is in). */
  String id();

  /** The event loop the socket's Engine.IO session lives on. */
  EventLoop loop();

  /** The socket's session as the transport's fan-out sees it (for a {@code RoomRegistry}). */
  Recipient recipient();

  /**
   * Sends messages a parser encoded (a packet of this socket's namespace), shared, in order. Dropped when
   * the socket is disconnected.
   */
  void write(List<EncodedPacket> messages);

  /**
   * Like {@link #write}, but dropped when the connection cannot take the messages at once (Node's
   * {@code volatile}: a polling client with no poll waiting).
   */
  void writeVolatile(List<EncodedPacket> messages);

  /** Tells the socket's {@code onAnyOutgoing} listeners of {@code packet}, an EVENT about to reach it. */
  void notifyOutgoing(Packet packet);

  /**
   * Expects the acknowledgement {@code id} from the client: {@code onAck} gets its arguments (called once,
   * on the socket's loop or its handler executor). Dropped when the socket disconnects first.
   */
  void expectAck(long id, Consumer<ArrayNode> onAck);

  /** Joins {@code rooms} (Node's {@code socket.join}, which calls {@link Adapter#addAll}). */
  void join(Set<String> rooms);

  /** Leaves {@code room} (Node's {@code socket.leave}, which calls {@link Adapter#del}). */
  void leave(String room);

  /** Disconnects the socket ({@code "server namespace disconnect"}); {@code close} closes its whole connection. */
  void disconnect(boolean close);

  /** A snapshot for {@code fetchSockets}. */
  SocketDetails details();
}
