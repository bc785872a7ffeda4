package io.tidings.admin.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** A namespace and its sockets on one server, as {@code server_stats} lists it. */
public record NamespaceCount(String name, int socketsCount) {

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("socketsCount", socketsCount);
    return m;
  }
}
