package io.tidings.admin;

import io.tidings.admin.model.AggregatedEvents;
import io.tidings.admin.model.InstrumentedServer;
import io.tidings.admin.model.NamespaceCount;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code server_stats} event, field for field as Node's admin-ui sends it every two seconds: the
 * server's id, host name, pid, uptime in seconds, its connections (and those on long-polling), the
 * per-second counts since the last one, and its namespaces with their socket counts. Stateless apart from
 * what it drains from the server's {@link AggregatedEvents}.
 */
final class ServerStats {

  private final InstrumentedServer server;
  private final String serverId;
  private final String hostname = AdminOptions.hostname();
  private final long pid = ManagementFactory.getRuntimeMXBean().getPid();

  ServerStats(InstrumentedServer server, String serverId) {
    this.server = server;
    this.serverId = serverId;
  }

  /** The next stats; the per-second counts are reported once. */
  Map<String, Object> next() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serverId", serverId);
    m.put("hostname", hostname);
    m.put("pid", pid);
    m.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    m.put("clientsCount", server.clientsCount());
    m.put("pollingClientsCount", server.pollingClientsCount());
    List<Object> events = new ArrayList<>();
    server.aggregatedEvents().drain().forEach(c -> events.add(c.toJson()));
    m.put("aggregatedEvents", events);
    List<Object> namespaces = new ArrayList<>();
    for (NamespaceCount n : server.namespaces()) namespaces.add(n.toJson());
    m.put("namespaces", namespaces);
    return m;
  }
}
