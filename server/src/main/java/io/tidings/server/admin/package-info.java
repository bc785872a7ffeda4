/**
 * The Pusher server in the Socket.IO Admin UI: {@link io.tidings.server.admin.PusherAdminModel} (this
 * node's apps, connections and channels as the UI's namespaces, sockets and rooms, kept from the
 * protocol's {@link io.tidings.server.channels.ConnectionActivity}) and the counting of frames and bytes for
 * the UI's charts. Uses {@code channels} and {@code metrics}; the admin namespace itself is the
 * {@code tidings-admin} module's.
 */
package io.tidings.server.admin;
