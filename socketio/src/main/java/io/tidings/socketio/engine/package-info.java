/**
 * The Engine.IO v4 server, behaving as Node's engine.io 6.6 (the version socket.io 4.8.4 installs; its
 * answers were captured from 6.6.13 and are the golden tests' expectations): HTTP long-polling, WebSocket,
 * the upgrade from one to the other, the heartbeat, Node's error codes and close reasons. It runs on the
 * Tidings transport and knows nothing of Socket.IO: the layer above sees an {@link
 * io.tidings.socketio.engine.EngineServer}, its {@link io.tidings.socketio.engine.EngineListener} and one
 * {@link io.tidings.socketio.engine.EngineSocket} per client.
 *
 * <pre>
 *   EngineServer ── mount(routes) ──► PollingEntry (HTTP route)      ─┐ Node's verify() and handshake()
 *                                  └► WebSocketEntry (WebSocket route) ┘
 *   EngineSession (Node's Socket) ── Heartbeat, Upgrade ── Transport: PollingTransport | WebSocketTransport
 * </pre>
 *
 * <p><b>Threads.</b> A session lives on the event loop of the connection that opened it. Polling requests
 * of it that arrive on other loops are queued there; a WebSocket it upgrades to stays on its own loop,
 * its frames queued to the session's loop and the session's writes to the connection's. Everything about a
 * session is touched on its loop only; the table of sessions is a concurrent map.
 *
 * <p><b>Where Tidings differs from Node</b> (each on purpose):
 * <ul>
 *   <li>{@link io.tidings.socketio.engine.EngineServer#close()} closes sessions with {@code "server shutting
 *       down"} (Node's engine says {@code "forced close"}; socket.io tells its sockets {@code "server shutting
 *       down"} first).</li>
 *   <li>A WebSocket handshake with {@code EIO} other than 4 is refused with abortUpgrade's 400 before the
 *       upgrade (Node upgrades, then writes the 400 into the WebSocket stream).</li>
 *   <li>A non-upgrade {@code GET ?transport=websocket&sid=…} of a WebSocket session gets 400 Bad request
 *       (Node never answers it).</li>
 *   <li>Requests arrive whole (the transport aggregates bodies), so Node's {@code "data request overlap from
 *       client"} cannot happen; its body timeout is the transport's request timeout (408).</li>
 *   <li>A body over the transport's own limit ({@code maxRequestBodyBytes}) is answered by the transport
 *       (413, Engine.IO-shaped body) and leaves the session open; keep that limit at least
 *       {@code maxHttpBufferSize}, and bodies over {@code maxHttpBufferSize} get Node's bare 413 and close
 *       the session.</li>
 *   <li>A ping still unanswered when an upgrade completes gets a full {@code pingTimeout} for its pong over the
 *       new transport (Node stops waiting, and then never pings a client that does not answer again).</li>
 *   <li>The server's WebSocket close frame carries code 1000 (Node's {@code ws} sends none: 1005).</li>
 *   <li>A broadcast's frames reach a polling session as one batch (Node writes them packet by packet, so a
 *       held poll may carry only the first).</li>
 *   <li>Not implemented: {@code httpCompression} and {@code perMessageDeflate} (always off), {@code cookie},
 *       JSONP polling, Engine.IO v3 clients ({@code allowEIO3}), WebTransport, {@code initialPacket},
 *       middlewares and a custom {@code generateId}.</li>
 * </ul>
 */
package io.tidings.socketio.engine;
