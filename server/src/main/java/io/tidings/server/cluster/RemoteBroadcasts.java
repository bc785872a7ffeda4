package io.tidings.server.cluster;

import io.tidings.bus.BusMessage;
import io.tidings.server.metrics.ThrottledWarning;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other nodes' BROADCASTs: read as Pusher events ({@link BroadcastMessage}) and handed to this node's
 * protocol at once, on the delivery thread, without waiting for the state thread. A BROADCAST that is not a
 * Pusher event (another program on the namespace) is ignored, counted and logged (throttled).
 *
 * <p><b>Threading:</b> the bus delivery thread, one message at a time, in each sender's order.
 */
final class RemoteBroadcasts {

  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  private final ClusterListener listener;
  private final ThrottledWarning ignored = new ThrottledWarning(log,
      "Ignored BROADCAST messages on " + ClusterSync.NAMESPACE + " that are not Pusher events");

  RemoteBroadcasts(ClusterListener listener) {
    this.listener = listener;
  }

  /** A BROADCAST from another node. */
  void deliver(BusMessage m) {
    BroadcastMessage b;
    try {
      b = m.rawData() != null ? BroadcastMessage.read(m.rawData()) : BroadcastMessage.read(m.data());
    } catch (IOException e) {
      b = null;
    }
    if (b == null) {
      ignored.record("from " + m.uid());
      return;
    }
    listener.event(b);
  }
}
