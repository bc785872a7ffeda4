package io.tidings.socketio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.socketio.AckTimeoutException;
import java.util.List;

/**
 * A {@code serverSideEmit} with acknowledgements ended at its timeout with servers that had not answered, as
 * Node's {@code "timeout reached: missing N responses"}; {@link #responses()} holds the answers that came.
 */
public final class ServerSideEmitTimeoutException extends AckTimeoutException {

  private final int missing;

  public ServerSideEmitTimeoutException(int missing, List<JsonNode> responses) {
    super(responses);
    this.missing = missing;
  }

  /** How many servers did not answer in time. */
  public int missing() {
    return missing;
  }

  @Override
  public String getMessage() {
    return "timeout reached: missing " + missing + " responses";
  }
}
