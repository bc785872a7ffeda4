package io.tidings.socketio.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Node's {@code allowRequest} option: decides whether a handshake (a request without {@code sid}, over
 * polling or WebSocket) may open a session. A refusal is answered as Node answers it: over polling
 * {@code 403 {"code":4,"message":…}}, on a WebSocket upgrade the {@code 400} that {@code abortUpgrade}
 * writes, with the decision's message or {@code "Forbidden"}. Requests of an existing session (with
 * {@code sid}) are never asked about, as in Node.
 *
 * <p><b>Threading:</b> called on the event loop of the connection asking; must not block. The returned
 * stage may complete on any thread (after a database lookup, say); the engine hops back. A stage that
 * completes exceptionally counts as a refusal without a message.
 */
@FunctionalInterface
public interface AllowRequest {

  /** Allows every handshake: Node's behaviour without the option. */
  AllowRequest ALLOW_ALL = request -> CompletableFuture.completedFuture(Decision.ALLOW);

  CompletionStage<Decision> check(HandshakeRequest request);

  /**
   * What {@link #check} decided: Node's {@code fn(err, success)}. Immutable.
   *
   * @param success true to open the session
   * @param message the refusal's message, or null for Node's {@code "Forbidden"}
   */
  record Decision(boolean success, String message) {

    public static final Decision ALLOW = new Decision(true, null);

    /** Refused with Node's message, {@code "Forbidden"}. */
    public static Decision refuse() {
      return new Decision(false, null);
    }

    /** Refused with {@code message} in the answer's body. */
    public static Decision refuse(String message) {
      return new Decision(false, message);
    }
  }
}
