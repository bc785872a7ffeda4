package io.tidings.server.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.app.App;
import io.tidings.server.auth.Signatures;
import io.tidings.server.channels.ChannelCache;
import io.tidings.server.channels.ChannelName;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.channels.Subscription;
import io.tidings.server.context.ServerContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pusher:subscribe} and {@code pusher:unsubscribe}: name and length checks, signatures for
 * private, encrypted and presence channels, the presence limits, the reply, and the cached event of
 * cache channels. Error frames are Soketi's.
 *
 * <p><b>Threading:</b> {@link #subscribe} and {@link #unsubscribe} on the connection's event loop;
 * {@link #joined} on the cluster state thread (it hops to the loop).
 */
final class ChannelSubscriptions {

  /** How long a presence join may wait for its own message to come back over the bus. */
  static final long PRESENCE_REPLY_FALLBACK_MILLIS = 2_000;

  private final ServerContext ctx;

  ChannelSubscriptions(ServerContext ctx) {
    this.ctx = ctx;
  }

  void subscribe(PusherConnection c, JsonNode data) {
    if (ctx.isClosing()) {
      c.closeWith(4200, PusherProtocol.SERVER_CLOSED);
      return;
    }
    String channel = data.path("channel").asText();
    App app = c.app().app();
    if (channel.length() > app.maxChannelNameLength()) {
      c.send(PusherFrames.subscriptionError(channel, "LimitReached",
          "The channel name is longer than the allowed " + app.maxChannelNameLength() + " characters.", 4009));
      return;
    }
    if (!ChannelName.isAllowed(channel)) {
      c.send(PusherFrames.subscriptionError(channel, null,
          "The channel name is not allowed. Read channel conventions: "
              + "https://pusher.com/docs/channels/using_channels/channels/#channel-naming-conventions", 4009));
      return;
    }
    ChannelName.Kind kind = ChannelName.kind(channel);
    String auth = data.path("auth").isTextual() ? data.path("auth").asText() : null;
    if (kind == ChannelName.Kind.PRESENCE) {
      subscribePresence(c, app, channel, data, auth);
      return;
    }
    if (kind.needsAuth() && !Signatures.validAuth(app.key(), app.secret(), c.socketId() + ":" + channel, auth)) {
      c.send(PusherFrames.subscriptionError(channel, "AuthError", "The connection is unauthorized.", 401));
      return;
    }
    if (!c.isSubscribed(channel)) {
      c.subscriptions.put(channel, c.app().channels().join(c, channel, null));
    }
    if (kind.needsAuth()) UserSignIn.authenticated(c);
    c.send(PusherFrames.subscriptionSucceeded(channel));
    sendCached(c, channel);
  }

  private void subscribePresence(PusherConnection c, App app, String channel, JsonNode data, String auth) {
    JsonNode channelDataNode = data.get("channel_data");
    if (channelDataNode == null || !channelDataNode.isTextual()) {
      c.send(PusherFrames.subscriptionError(channel, "ServerError", "A server error has occured.", 4302));
      return;
    }
    String channelData = channelDataNode.asText();
    if (!Signatures.validAuth(app.key(), app.secret(), c.socketId() + ":" + channel + ":" + channelData, auth)) {
      c.send(PusherFrames.subscriptionError(channel, "AuthError", "The connection is unauthorized.", 401));
      return;
    }
    PresenceMember member = parseMember(channelData);
    if (member == null) {
      c.send(PusherFrames.subscriptionError(channel, "ServerError", "A server error has occured.", 4302));
      return;
    }
    var cluster = ctx.cluster().state();
    boolean known = cluster.hasMember(app.id(), channel, member.identity());
    if (!known && cluster.memberCount(app.id(), channel) + 1 > app.maxPresenceMembersPerChannel()) {
      c.send(PusherFrames.subscriptionError(channel, "LimitReached",
          "The maximum members per presence channel limit was reached", 4100));
      return;
    }
    // Soketi's size rule (a string counts without its quotes), the same as for event data.
    if (ClientEvents.payloadKb(member.info()) > app.maxPresenceMemberSizeInKb()) {
      c.send(PusherFrames.subscriptionError(channel, "LimitReached",
          "The maximum size for a channel member is " + JavaScriptJson.formatNumber(app.maxPresenceMemberSizeInKb()) + " KB.", 4301));
      return;
    }
    UserSignIn.authenticated(c);
    Subscription existing = c.subscriptions.get(channel);
    if (existing != null) {
      // Subscribing twice: Soketi answers twice; the member list is already known here.
      c.send(PusherFrames.presenceSubscriptionSucceeded(channel, cluster.members(app.id(), channel)));
      return;
    }
    // The reply waits until the cluster has applied this join (see joined()).
    Subscription joined = c.app().channels().join(c, channel, member);
    c.subscriptions.put(channel, joined);
    if (ctx.cluster().clustered()) {
      c.eventLoop().schedule(() -> answerFromLocalView(c, channel, joined, member),
          PRESENCE_REPLY_FALLBACK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The bus has not brought this node's own join back in time (the database is down or far behind):
   * answer from the view this node has, with the joining member in it, rather than leave the client
   * waiting. The join still reaches the cluster when the bus recovers. On the connection's loop.
   */
  private void answerFromLocalView(PusherConnection c, String channel, Subscription s, PresenceMember member) {
    if (c.subscriptions.get(channel) != s || !s.awaitingMembers() || c.closing()) return;
    List<PresenceMember> members = new java.util.ArrayList<>(ctx.cluster().state().members(c.app().app().id(), channel));
    if (members.stream().noneMatch(m -> m.identity().equals(member.identity()))) members.add(member);
    ctx.metrics().presenceAnsweredLocally();
    s.membersSent();
    c.send(PusherFrames.presenceSubscriptionSucceeded(channel, members));
    sendCached(c, channel);
  }

  /** The cluster applied a presence join of a local socket: answer it with the member list. */
  void joined(String appId, String channel, String socketId, List<PresenceMember> members) {
    LocalApp local = ctx.localApps().get(appId);
    if (local == null || socketId == null || !(local.socket(socketId) instanceof PusherConnection c)) return;
    byte[] frame = PusherFrames.presenceSubscriptionSucceeded(channel, members);
    c.eventLoop().execute(() -> {
      Subscription s = c.subscriptions.get(channel);
      // Not awaiting: a second subscribe was answered directly, or the fallback answered already.
      if (s == null || !s.awaitingMembers() || c.closing()) return;
      s.membersSent();
      c.send(frame);
      sendCached(c, channel);
    });
  }

  void unsubscribe(PusherConnection c, String channel) {
    Subscription s = c.subscriptions.remove(channel);
    if (s != null) c.app().channels().leave(s);
  }

  /** Leaves every channel (the connection closed). */
  void unsubscribeAll(PusherConnection c) {
    for (Subscription s : c.subscriptions.values()) c.app().channels().leave(s);
    c.subscriptions.clear();
  }

  private void sendCached(PusherConnection c, String channel) {
    if (!ChannelName.isCache(channel)) return;
    ChannelCache.Cached cached = c.app().cache().get(channel);
    if (cached != null) {
      c.send(PusherFrames.event(cached.event(), channel, cached.dataJson(), null));
    } else {
      c.send(PusherFrames.cacheMiss(channel));
      ctx.webhooks().cacheMiss(c.app().app(), channel);
    }
  }

  /** {@code {"user_id":…,"user_info":…}}; null when it is not JSON or has no user_id. */
  private static PresenceMember parseMember(String channelData) {
    try {
      JsonNode node = PusherFrames.JSON.readTree(channelData);
      if (node == null || !node.isObject()) return null;
      JsonNode userId = node.get("user_id");
      if (userId == null || userId.isNull() || userId.isContainerNode()) return null;
      JsonNode info = node.get("user_info");
      // Absent info stays absent (left out of hash); an explicit null stays null, as in Soketi.
      return new PresenceMember(userId, info);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
