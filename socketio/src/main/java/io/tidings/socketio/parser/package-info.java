/**
 * The Socket.IO protocol v5 parsers: how a {@link io.tidings.socketio.parser.Packet} becomes Engine.IO
 * messages and back, behind one {@link io.tidings.socketio.parser.Parser} interface that the server takes
 * by option. {@link io.tidings.socketio.parser.DefaultParser} is {@code socket.io-parser} 4.2.7 (text, with
 * binary attachments), {@link io.tidings.socketio.parser.MsgpackParser} is {@code socket.io-msgpack-parser}
 * 3.0.2 (one MessagePack message per packet). Both accept exactly what Node's accept, JavaScript's
 * semantics included ({@code Number()}, {@code JSON.parse}, the order of object keys), and write the bytes
 * Node writes. Parsers are stateless; a {@link io.tidings.socketio.parser.PacketDecoder} belongs to one
 * connection.
 */
package io.tidings.socketio.parser;
