/**
 * The {@code differential-socketio} example: the server the Node differential ({@code compat/socketio})
 * runs against, with the same handlers as its Node reference server.
 */
package io.tidings.examples.differential;
