package io.tidings.socketio.parser;

import io.tidings.socketio.engine.packet.EncodedPacket;
import java.util.List;

/**
 * A Socket.IO parser: how packets become Engine.IO messages and back. The server takes one by option, as
 * Node's takes {@code parser}: {@link DefaultParser} ({@code socket.io-parser}) or {@link MsgpackParser}
 * ({@code socket.io-msgpack-parser}).
 *
 * <p>Implementations are stateless and thread-safe; the state of reading lives in the {@link PacketDecoder}
 * each connection gets from {@link #newDecoder()}.
 */
public interface Parser {

  /**
   * The Engine.IO messages that carry {@code packet}, in the order they must be sent, each encoded once
   * and shareable between connections (a broadcast encodes once for all its sockets).
   */
  List<EncodedPacket> encode(Packet packet);

  /** A decoder for one connection. */
  PacketDecoder newDecoder();
}
