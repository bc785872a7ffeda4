package io.tidings.server.channels;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A member of a presence channel, as the client's {@code channel_data} gave it and as the frames show
 * it: {@code user_id} keeps its JSON type; {@code info} ({@code user_info}) may be null. Immutable.
 *
 * @param userId the user id, a JSON string or number
 * @param info   the user's info, or null when the client sent none
 */
public record PresenceMember(JsonNode userId, JsonNode info) {

  /** The member's key in {@code hash}: the user id as text ({@code 1} and {@code "1"} share it). */
  public String hashKey() {
    return userId.isTextual() ? userId.asText() : userId.toString();
  }

  /**
   * Who the member is: the user id's JSON text, so {@code 1} and {@code "1"} are different users, as
   * they are in Soketi's member map.
   */
  public String identity() {
    return userId.toString();
  }
}
