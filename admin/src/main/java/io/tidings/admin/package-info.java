/**
 * The server side of the Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1) for Tidings:
 * {@link io.tidings.admin.AdminNamespace} (Node's {@code instrument(io, options)}) and its
 * {@link io.tidings.admin.AdminOptions}. Below it: {@code model} (what a server reports: the SPI the Pusher
 * server implements too), {@code auth} (bcrypt and sessions), {@code socketio} (a Tidings Socket.IO server
 * as a reported server), {@code ui} (the UI's files). None of those uses this package.
 */
package io.tidings.admin;
