/**
 * How an admin namespace reaches the other nodes of its cluster: {@link io.tidings.admin.cluster.AdminRelay},
 * through the namespace's Socket.IO adapter ({@link io.tidings.admin.cluster.AdapterRelay}, Node's way) or
 * through a Tidings bus ({@link io.tidings.admin.cluster.BusRelay}, for the Pusher server and any server
 * whose admin namespace has no cluster adapter).
 */
package io.tidings.admin.cluster;
