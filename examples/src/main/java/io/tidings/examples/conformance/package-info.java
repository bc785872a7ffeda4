/**
 * The reference servers of the official protocol test suites ({@code socketio/engine.io-protocol} and
 * {@code socketio/socket.io-protocol}, each in its {@code test-suite/}), configured as their READMEs say;
 * {@code scripts/protocol-suites} runs the suites against them.
 */
package io.tidings.examples.conformance;
