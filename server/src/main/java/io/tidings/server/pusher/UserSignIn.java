package io.tidings.server.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.app.App;
import io.tidings.server.auth.Signatures;
import io.tidings.server.context.ServerContext;
import java.util.concurrent.TimeUnit;

/**
 * {@code pusher:signin} and the user-authentication timeout. A valid sign-in
 * ({@code <socket_id>::user::<user_data>} signed with the app secret, {@code user_data} holding an
 * {@code id}) registers the socket under its user, so {@code #server-to-user-<id>} events and
 * {@code terminate_connections} reach it on every node. With {@code enable_user_authentication} a socket
 * must sign in (or subscribe to an authenticated channel) within {@code SOKETI_USER_AUTHENTICATION_TIMEOUT}.
 *
 * <p><b>Threading:</b> on the connection's event loop.
 */
final class UserSignIn {

  private final ServerContext ctx;

  UserSignIn(ServerContext ctx) {
    this.ctx = ctx;
  }

  /** Starts the sign-in deadline when the app asks for it. */
  void startDeadline(PusherConnection c) {
    if (!c.app().app().enableUserAuthentication()) return;
    long ms = ctx.config().userAuthenticationTimeout().toMillis();
    c.authTimeout = c.eventLoop().schedule(
        () -> c.closeWith(4009, "Connection not authorized within timeout."), ms, TimeUnit.MILLISECONDS);
  }

  /** The socket proved itself (signed in, or subscribed to an authenticated channel): no deadline. */
  static void authenticated(PusherConnection c) {
    if (c.authTimeout != null) {
      c.authTimeout.cancel(false);
      c.authTimeout = null;
    }
  }

  void signIn(PusherConnection c, JsonNode data) {
    App app = c.app().app();
    String userData = data.path("user_data").isTextual() ? data.path("user_data").asText() : null;
    String auth = data.path("auth").isTextual() ? data.path("auth").asText() : null;
    if (userData == null
        || !Signatures.validAuth(app.key(), app.secret(), c.socketId() + "::user::" + userData, auth)) {
      c.closeWith(4009, "Connection not authorized.");
      return;
    }
    JsonNode user;
    try {
      user = PusherFrames.JSON.readTree(userData);
    } catch (java.io.IOException e) {
      user = null;
    }
    JsonNode id = user == null || !user.isObject() ? null : user.get("id");
    if (!usableId(id)) {
      c.closeWith(4009, "The returned user data must contain the \"id\" field.");
      return;
    }
    String userId = id.asText();
    if (c.userEntry != null && !userId.equals(c.userId)) {
      c.app().users().leave(c.userEntry);
      c.userEntry = null;
    }
    if (c.userEntry == null) {
      c.userEntry = c.app().users().join(c, userId, null);
    }
    c.userId = userId;
    ctx.localApps().activity().signedIn(c.app().app().id(), c.socketId(), userId);
    authenticated(c);
    c.send(PusherFrames.signinSuccess(data));
  }

  /**
   * Soketi refuses an id that JavaScript finds falsy ({@code ""}, {@code 0}, {@code false}, null);
   * objects and arrays, which it would turn into {@code "[object Object]"}, are refused here too.
   */
  private static boolean usableId(JsonNode id) {
    if (id == null || id.isNull() || id.isContainerNode()) return false;
    if (id.isNumber()) return id.asDouble() != 0;
    if (id.isBoolean()) return id.asBoolean();
    return !id.asText().isEmpty();
  }

  /** The connection closed: forget its user. */
  void signOut(PusherConnection c) {
    authenticated(c);
    if (c.userEntry != null) {
      c.app().users().leave(c.userEntry);
      c.userEntry = null;
    }
  }
}
