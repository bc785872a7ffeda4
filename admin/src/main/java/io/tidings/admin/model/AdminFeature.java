package io.tidings.admin.model;

/**
 * What the UI may do and show, as {@code @socket.io/admin-ui} 0.5.1 names it in its {@code config} event
 * ({@code supportedFeatures}). The names are the wire values.
 */
public enum AdminFeature {
  /** Emit an event to a namespace or a room. */
  EMIT,
  /** Make one socket join a room. */
  JOIN,
  /** Make one socket leave a room. */
  LEAVE,
  /** Disconnect one socket. */
  DISCONNECT,
  /** Make every socket of a namespace or room join a room. */
  MJOIN,
  /** Make every socket of a namespace or room leave a room. */
  MLEAVE,
  /** Disconnect every socket of a namespace or room. */
  MDISCONNECT,
  /** {@code server_stats} carries the per-second counts ({@code aggregatedEvents}). */
  AGGREGATED_EVENTS,
  /** Development mode: every socket and event is streamed ({@code all_sockets}, {@code socket_connected}, …). */
  ALL_EVENTS
}
