package io.tidings.server.app;

/**
 * The server-level limits that apply where an app leaves its own limit empty (NULL or '' in the
 * {@code apps} table). Defaults are Soketi 1.6.1's code defaults. Immutable.
 *
 * @param maxPresenceMembersPerChannel {@code SOKETI_PRESENCE_MAX_MEMBERS} (100)
 * @param maxPresenceMemberSizeInKb    {@code SOKETI_PRESENCE_MAX_MEMBER_SIZE} (2)
 * @param maxChannelNameLength         {@code SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH} (200)
 * @param maxEventChannelsAtOnce       {@code SOKETI_EVENT_MAX_CHANNELS_AT_ONCE} (100)
 * @param maxEventNameLength           {@code SOKETI_EVENT_MAX_NAME_LENGTH} (200)
 * @param maxEventPayloadInKb          {@code SOKETI_EVENT_MAX_SIZE_IN_KB} (100)
 * @param maxEventBatchSize            {@code SOKETI_EVENT_MAX_BATCH_SIZE} (10)
 */
public record AppDefaults(
    int maxPresenceMembersPerChannel,
    double maxPresenceMemberSizeInKb,
    int maxChannelNameLength,
    int maxEventChannelsAtOnce,
    int maxEventNameLength,
    double maxEventPayloadInKb,
    int maxEventBatchSize) {

  /** Soketi's defaults. */
  public static final AppDefaults SOKETI = new AppDefaults(100, 2, 200, 100, 200, 100, 10);
}
