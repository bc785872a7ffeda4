package io.tidings.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tidings.server.channels.ChannelName;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.context.ServerContext;
import io.tidings.server.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read endpoints — {@code GET /apps/{id}/channels}, {@code …/channels/{channel}} and
 * {@code …/channels/{channel}/users} — answered for the whole cluster from this node's replicated view,
 * with Soketi's bodies; {@code info=user_count,subscription_count} adds what Soketi lacks without
 * changing the default bodies. Read-rate-limited per app.
 */
final class ChannelsApi {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ServerContext ctx;

  ChannelsApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  void channels(ApiCall call) {
    if (!consume(call)) return;
    String appId = call.app.id();
    String prefix = call.params.getOrDefault("filter_by_prefix", "");
    Set<String> info = info(call);
    ctx.cluster().query(state -> {
      ObjectNode body = F.objectNode();
      ObjectNode channels = body.putObject("channels");
      for (Map.Entry<String, Integer> e : state.channels(appId).entrySet()) {
        if (!e.getKey().startsWith(prefix)) continue;
        ObjectNode c = channels.putObject(e.getKey());
        c.put("subscription_count", e.getValue());
        c.put("occupied", true);
        if (info.contains("user_count") && ChannelName.kind(e.getKey()) == ChannelName.Kind.PRESENCE) {
          c.put("user_count", state.memberCount(appId, e.getKey()));
        }
      }
      return body;
    }).whenComplete((body, err) -> reply(call, body, err));
  }

  void channel(ApiCall call, String channel) {
    if (!consume(call)) return;
    String appId = call.app.id();
    ctx.cluster().query(state -> {
      int n = state.subscriptions(appId, channel);
      ObjectNode body = F.objectNode();
      body.put("subscription_count", n);
      body.put("occupied", n > 0);
      if (channel.startsWith("presence-")) body.put("user_count", state.memberCount(appId, channel));
      return body;
    }).whenComplete((body, err) -> reply(call, body, err));
  }

  void users(ApiCall call, String channel) {
    if (!consume(call)) return;
    if (!channel.startsWith("presence-")) {
      call.error(400, "The channel must be a presence channel.");
      return;
    }
    String appId = call.app.id();
    boolean withInfo = "1".equals(call.params.get("with_user_info"));
    ctx.cluster().query(state -> {
      List<PresenceMember> members = state.members(appId, channel);
      ObjectNode body = F.objectNode();
      ArrayNode users = body.putArray("users");
      for (PresenceMember m : members) {
        ObjectNode u = users.addObject();
        u.set("id", m.userId());
        if (withInfo && m.info() != null) u.set("user_info", m.info());
      }
      return body;
    }).whenComplete((body, err) -> reply(call, body, err));
  }

  private boolean consume(ApiCall call) {
    RateLimiter.Decision d = ctx.localApps().of(call.app).readRequests().consume(1, call.app.maxReadReqPerSec());
    call.rateLimited(d);
    if (!d.allowed()) {
      call.error(429, "Too many requests.");
      return false;
    }
    return true;
  }

  private static Set<String> info(ApiCall call) {
    String info = call.params.get("info");
    return info == null ? Set.of() : Set.of(info.split(","));
  }

  private static void reply(ApiCall call, ObjectNode body, Throwable err) {
    call.onLoop(() -> {
      if (err != null) {
        call.error(500, "A server error has occurred.");
      } else {
        call.respond(HttpResponses.json(HttpResponseStatus.OK, body.toString().getBytes(StandardCharsets.UTF_8)));
      }
    });
  }
}
