/**
 * A Tidings Socket.IO server in the admin UI: {@link io.tidings.admin.socketio.SocketIoInstrumented} (its
 * namespaces, sockets, counters and live events over the server's public API) and
 * {@link io.tidings.admin.socketio.RoomWatchingAdapter} (the adapter events {@code join-room} and
 * {@code leave-room}). Uses {@code io.tidings.admin.model} and the Socket.IO library.
 */
package io.tidings.admin.socketio;
