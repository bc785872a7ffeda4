package io.tidings.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.app.App;

/**
 * The six webhooks, raised where they happen. In a cluster each is raised by exactly one node (the one
 * whose message caused it), see {@code cluster.WebhooksOnce}.
 *
 * <p><b>Threading:</b> called from event loops and the cluster state thread; implementations only
 * enqueue and never block.
 */
public interface WebhookEvents {

  void channelOccupied(App app, String channel);

  void channelVacated(App app, String channel);

  /** {@code userId} keeps the JSON type the client used. */
  void memberAdded(App app, String channel, JsonNode userId);

  void memberRemoved(App app, String channel, JsonNode userId);

  /** {@code userId} is null except on presence channels. */
  void clientEvent(App app, String channel, String event, JsonNode data, String socketId, JsonNode userId);

  void cacheMiss(App app, String channel);

  /** Sends nothing. */
  WebhookEvents NONE = new WebhookEvents() {
    @Override public void channelOccupied(App app, String channel) {}
    @Override public void channelVacated(App app, String channel) {}
    @Override public void memberAdded(App app, String channel, JsonNode userId) {}
    @Override public void memberRemoved(App app, String channel, JsonNode userId) {}
    @Override public void clientEvent(App app, String channel, String event, JsonNode data, String socketId, JsonNode userId) {}
    @Override public void cacheMiss(App app, String channel) {}
  };
}
