/**
 * Engine.IO protocol v4 packets, as {@code engine.io-parser} 5.2.3 reads and writes them: the packet types,
 * the WebSocket form (one packet per frame, binary raw) and the HTTP long-polling payload (packets joined
 * with {@code \x1e}, binary as {@code b} + base64), the open packet. No sockets here: the transports use
 * these types.
 *
 * <p>Reading: {@link io.tidings.socketio.engine.packet.EngineParser}. Writing:
 * {@link io.tidings.socketio.engine.packet.EncodedPacket}, encoded once and shared by every connection it
 * goes to, joined into a polling payload by {@link io.tidings.socketio.engine.packet.EngineParser#encodePayload}.
 */
package io.tidings.socketio.engine.packet;
