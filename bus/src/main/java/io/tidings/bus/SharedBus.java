package io.tidings.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One bus shared by several parts of a process, such as the Pusher server and a Socket.IO server: each
 * part takes a {@link #lease()} and uses it as its own {@link Bus}, and the process holds the bus's
 * sessions once (for the PostgreSQL bus: one LISTEN session and one publisher session, not two of each).
 *
 * <p>A lease joins namespaces on the shared bus; shutting the lease down leaves the namespaces it joined
 * (ADAPTER_CLOSE to the peers) and releases it. When the last lease is released the shared bus itself is
 * shut down, and this handle is done: {@link #lease()} then throws. Two leases cannot join the same
 * namespace (the bus has one membership, one uid and one listener per namespace), so the parts must use
 * distinct namespaces: the Pusher server uses {@code /pusher}.
 *
 * <p>All leases share the bus's uid: one node of the cluster, whatever runs in it.
 *
 * <p><b>Threading:</b> thread-safe; {@link #lease()} and every method of a lease may be called from any
 * thread and never block, except a lease's {@code close()}, which waits for its {@code shutdown()}.
 */
public final class SharedBus {

  private final Bus bus;
  private final Runnable onLastRelease;
  private int leases; // guarded by this
  private boolean done; // guarded by this

  private SharedBus(Bus bus, Runnable onLastRelease) {
    this.bus = bus;
    this.onLastRelease = onLastRelease;
  }

  /**
   * Shares {@code bus}, which this handle now owns: it is shut down when the last lease is released.
   * Take at least one lease, or shut {@code bus} down yourself.
   */
  public static SharedBus of(Bus bus) {
    return new SharedBus(bus, () -> {});
  }

  /**
   * Like {@link #of(Bus)}, and runs {@code onLastRelease} when the last lease is released, before the bus
   * shuts down, while this handle's lock is held (so it must be quick: a registry forgetting the handle).
   */
  public static SharedBus of(Bus bus, Runnable onLastRelease) {
    return new SharedBus(bus, onLastRelease);
  }

  /**
   * A new lease on the shared bus.
   *
   * @throws IllegalStateException when the last lease was already released and the bus shut down
   */
  public synchronized Bus lease() {
    if (done) throw new IllegalStateException("The shared bus " + bus.uid() + " is shut down: its last lease was released");
    leases++;
    return new Lease();
  }

  /** Leases taken and not yet released. */
  public synchronized int leases() {
    return leases;
  }

  /** The shared bus's uid (every lease's). */
  public String uid() {
    return bus.uid();
  }

  /**
   * Releases one lease. The last one shuts the bus down, which says ADAPTER_CLOSE for every namespace
   * still joined; any other one first leaves the namespaces it joined, and the bus goes on for the rest.
   */
  private CompletableFuture<Void> release(List<BusNamespace> joinedByLease) {
    boolean last;
    synchronized (this) {
      last = --leases == 0;
      if (last) {
        done = true;
        onLastRelease.run();
      }
    }
    if (last) return bus.shutdown();
    joinedByLease.forEach(BusNamespace::leave);
    return CompletableFuture.completedFuture(null);
  }

  /** One part's view of the shared bus. */
  private final class Lease implements Bus {
    private final List<BusNamespace> joined = new ArrayList<>(); // guarded by this
    private CompletableFuture<Void> released; // guarded by this

    @Override
    public String uid() {
      return bus.uid();
    }

    @Override
    public BusNamespace join(String namespace, BusListener listener) {
      synchronized (this) {
        if (released != null) throw new IllegalStateException("This lease on bus " + bus.uid() + " was released");
        BusNamespace ns = bus.join(namespace, listener);
        joined.add(ns);
        return ns;
      }
    }

    @Override
    public BusStats stats() {
      return bus.stats();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
      List<BusNamespace> toLeave;
      CompletableFuture<Void> mine;
      synchronized (this) {
        if (released != null) return released;
        mine = released = new CompletableFuture<>();
        toLeave = List.copyOf(joined);
        joined.clear();
      }
      release(toLeave).whenComplete((v, e) -> mine.complete(null));
      return mine;
    }

    @Override
    public String toString() {
      return "SharedBus.Lease[" + bus.uid() + "]";
    }
  }
}
