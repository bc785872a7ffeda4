package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An acknowledgement did not come in time (Node's {@code "operation has timed out"}). For a broadcast, it
 * carries the acknowledgements that did come.
 */
public class AckTimeoutException extends RuntimeException {

  private final transient List<JsonNode> responses;

  public AckTimeoutException(List<JsonNode> responses) {
    super("operation has timed out", null, false, false);
    this.responses = List.copyOf(responses);
  }

  /** The first argument of each acknowledgement that arrived before the timeout. */
  public List<JsonNode> responses() {
    return responses;
  }
}
