package io.tidings.server.app;

import java.util.List;

/**
 * A Pusher app: the settings of one row of Soketi's {@code apps} table (or one entry of the array
 * driver), with every optional limit already resolved against the server defaults. Immutable.
 *
 * <p>Negative values of {@code maxConnections} and of the three rates mean unlimited. Sizes are in KB
 * (1024 bytes) and compared as Soketi does: {@code bytes / 1024 > limit}.
 *
 * @param id                           the app id (HTTP API path)
 * @param key                          the app key (WebSocket path, signature prefix)
 * @param secret                       the HMAC-SHA256 key for every signature
 * @param maxConnections               concurrent connections over the whole cluster; negative = unlimited
 * @param enableClientMessages         whether {@code client-*} events are relayed
 * @param enabled                      whether the app accepts connections and API calls
 * @param maxBackendEventsPerSec       HTTP publishes per second (points = channels); negative = unlimited
 * @param maxClientEventsPerSec        client events per second per socket; negative = unlimited
 * @param maxReadReqPerSec             HTTP reads per second; negative = unlimited
 * @param maxPresenceMembersPerChannel distinct users per presence channel
 * @param maxPresenceMemberSizeInKb    size of one member's {@code user_info}
 * @param maxChannelNameLength         characters in a channel name (WebSocket subscribe)
 * @param maxEventChannelsAtOnce       channels in one HTTP publish
 * @param maxEventNameLength           characters in an event name
 * @param maxEventPayloadInKb          size of an event's {@code data}
 * @param maxEventBatchSize            events in one {@code batch_events} call
 * @param webhooks                     where to send which webhooks
 * @param enableUserAuthentication     whether sockets must sign in within the timeout
 */
public record App(
    String id,
    String key,
    String secret,
    int maxConnections,
    boolean enableClientMessages,
    boolean enabled,
    int maxBackendEventsPerSec,
    int maxClientEventsPerSec,
    int maxReadReqPerSec,
    int maxPresenceMembersPerChannel,
    double maxPresenceMemberSizeInKb,
    int maxChannelNameLength,
    int maxEventChannelsAtOnce,
    int maxEventNameLength,
    double maxEventPayloadInKb,
    int maxEventBatchSize,
    List<Webhook> webhooks,
    boolean enableUserAuthentication) {

  public App {
    webhooks = List.copyOf(webhooks);
  }

  /** Secrets never reach logs: the record's text shows only id and key. */
  @Override
  public String toString() {
    return "App[id=" + id + ", key=" + key + "]";
  }

  /** True when connections are limited. */
  public boolean limitsConnections() {
    return maxConnections >= 0;
  }

  /** This app with {@code enabled} changed. */
  public App withEnabled(boolean value) {
    return new App(id, key, secret, maxConnections, enableClientMessages, value, maxBackendEventsPerSec,
        maxClientEventsPerSec, maxReadReqPerSec, maxPresenceMembersPerChannel, maxPresenceMemberSizeInKb,
        maxChannelNameLength, maxEventChannelsAtOnce, maxEventNameLength, maxEventPayloadInKb,
        maxEventBatchSize, webhooks, enableUserAuthentication);
  }
}
