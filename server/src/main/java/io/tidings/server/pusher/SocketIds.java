package io.tidings.server.pusher;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes socket ids of the form {@code \d+\.\d+} that are unique across nodes: the first number is
 * drawn at random once per node (1 to 2^31), the second counts up from a random start. Thread-safe.
 */
public final class SocketIds {

  private final long node;
  private final AtomicLong next;

  public SocketIds() {
    SecureRandom random = new SecureRandom();
    this.node = 1 + random.nextInt(Integer.MAX_VALUE - 1);
    this.next = new AtomicLong(random.nextInt(1_000_000_000));
  }

  /** A fresh socket id. */
  public String next() {
    return node + "." + next.incrementAndGet();
  }
}
