package io.tidings.server.app;

import java.util.Map;
import java.util.Set;

/**
 * One entry of an app's {@code webhooks} JSON. Immutable.
 *
 * @param url              where to POST; null for a Lambda target (accepted, not supported)
 * @param lambdaFunction   the Lambda function name, or null
 * @param eventTypes       which webhook names this entry wants ({@code channel_occupied}, …)
 * @param headers          extra request headers (never overriding {@code X-Pusher-Key}/{@code -Signature})
 * @param channelPrefix    {@code filter.channel_name_starts_with}, or null
 * @param channelSuffix    {@code filter.channel_name_ends_with}, or null
 */
public record Webhook(
    String url,
    String lambdaFunction,
    Set<String> eventTypes,
    Map<String, String> headers,
    String channelPrefix,
    String channelSuffix) {

  public Webhook {
    eventTypes = Set.copyOf(eventTypes);
    headers = Map.copyOf(headers);
  }

  /** True when this entry wants {@code eventType} for {@code channel} (filters are ANDed). */
  public boolean wants(String eventType, String channel) {
    if (!eventTypes.contains(eventType)) return false;
    if (channelPrefix != null && !channelPrefix.isEmpty() && (channel == null || !channel.startsWith(channelPrefix))) {
      return false;
    }
    return channelSuffix == null || channelSuffix.isEmpty() || (channel != null && channel.endsWith(channelSuffix));
  }

  /** True for an HTTP target (Lambda targets are accepted but not delivered). */
  public boolean isHttp() {
    return url != null && !url.isBlank();
  }
}
