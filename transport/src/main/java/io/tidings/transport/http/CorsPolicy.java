package io.tidings.transport.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which browser origins may call the server, and the CORS headers that say so: applied to every HTTP
 * response of the port (errors the transport answers itself included), and answering every
 * {@code OPTIONS} request (a preflight) with 204. Immutable; built with {@link #newBuilder()}.
 *
 * <ul>
 *   <li>Origins: any ({@code *}), a list, or a predicate. With a list or a predicate — or with
 *       credentials — the request's own {@code Origin} is echoed when allowed, with {@code Vary: Origin};
 *       a request from an origin not allowed gets no CORS headers.</li>
 *   <li>Methods and headers are sent on preflights; {@link Builder#onEveryResponse} sends them on every
 *       response too, as Soketi does. With no headers configured, a preflight's
 *       {@code Access-Control-Request-Headers} are echoed (as the {@code cors} package Socket.IO uses).</li>
 *   <li>Credentials ({@code Access-Control-Allow-Credentials: true}) and max-age (preflights only).</li>
 * </ul>
 *
 * <p><b>Threading:</b> immutable and thread-safe.
 */
public final class CorsPolicy {

  /** No CORS: no headers, and {@code OPTIONS} requests go to the routes like any other. */
  public static final CorsPolicy NONE = new CorsPolicy(false, true, null, null, null, false, -1, false);

  private final boolean enabled;
  private final boolean anyOrigin;
  private final Predicate<String> originAllowed;
  private final String methods;
  private final String headers;
  private final boolean credentials;
  private final long maxAgeSeconds;
  private final boolean onEveryResponse;

  private CorsPolicy(boolean enabled, boolean anyOrigin, Predicate<String> originAllowed, String methods,
      String headers, boolean credentials, long maxAgeSeconds, boolean onEveryResponse) {
    this.enabled = enabled;
    this.anyOrigin = anyOrigin;
    this.originAllowed = originAllowed;
    this.methods = methods;
    this.headers = headers;
    this.credentials = credentials;
    this.maxAgeSeconds = maxAgeSeconds;
    this.onEveryResponse = onEveryResponse;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** False for {@link #NONE}. */
  public boolean enabled() {
    return enabled;
  }

  /** True when the headers depend on the request (its origin, or whether it is a preflight). */
  boolean dependsOnRequest() {
    return !(anyOrigin && !credentials && onEveryResponse && headers != null && maxAgeSeconds < 0);
  }

  /**
   * Adds the CORS headers to {@code response}, the answer to a request from {@code origin} (null when it
   * named none). {@code preflight} marks the answer to an {@code OPTIONS} request, whose
   * {@code Access-Control-Request-Headers} were {@code requestedHeaders} (null when none).
   */
  public void apply(HttpHeaders response, String origin, boolean preflight, String requestedHeaders) {
    if (!enabled) return;
    String allowed = allowedOrigin(origin);
    if (allowed == null) return;
    response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    if (!allowed.equals("*")) response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    if (preflight || onEveryResponse) {
      if (methods != null) response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
      String h = headers != null ? headers : preflight ? requestedHeaders : null;
      if (h != null) response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, h);
    }
    if (credentials) response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    if (preflight && maxAgeSeconds >= 0) response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAgeSeconds);
  }

  /** What {@code Access-Control-Allow-Origin} says to {@code origin}, or null when it is not allowed. */
  private String allowedOrigin(String origin) {
    if (anyOrigin) return credentials ? origin : "*";
    return origin != null && originAllowed.test(origin) ? origin : null;
  }

  /** Builds a {@link CorsPolicy}: any origin, no methods or headers named, no credentials, no max-age. Not thread-safe. */
  public static final class Builder {
    private boolean anyOrigin = true;
    private Predicate<String> originAllowed;
    private String methods;
    private String headers;
    private boolean credentials;
    private long maxAgeSeconds = -1;
    private boolean onEveryResponse;

    private Builder() {}

    /** {@code Access-Control-Allow-Origin: *} (the default). */
    public Builder allowAnyOrigin() {
      this.anyOrigin = true;
      this.originAllowed = null;
      return this;
    }

    /** Only these origins (e.g. {@code https://example.com}), compared exactly. */
    public Builder allowOrigins(List<String> origins) {
      Set<String> set = Set.copyOf(origins);
      return allowOrigin(set::contains);
    }

    /** Only the origins {@code allowed} accepts (called on event loops; must be thread-safe and fast). */
    public Builder allowOrigin(Predicate<String> allowed) {
      this.anyOrigin = false;
      this.originAllowed = allowed;
      return this;
    }

    /** {@code Access-Control-Allow-Methods}, e.g. {@code "GET, POST"}. */
    public Builder allowMethods(String methods) {
      this.methods = methods;
      return this;
    }

    /** {@code Access-Control-Allow-Headers}; unset echoes what a preflight asks for. */
    public Builder allowHeaders(String headers) {
      this.headers = headers;
      return this;
    }

    /** {@code Access-Control-Allow-Credentials: true}; the origin is then echoed, never {@code *}. */
    public Builder allowCredentials(boolean credentials) {
      this.credentials = credentials;
      return this;
    }

    /** {@code Access-Control-Max-Age} on preflights; negative sends none (the default). */
    public Builder maxAgeSeconds(long seconds) {
      this.maxAgeSeconds = seconds;
      return this;
    }

    /** Sends the methods and headers on every response, not only on preflights (Soketi's habit). */
    public Builder onEveryResponse(boolean every) {
      this.onEveryResponse = every;
      return this;
    }

    public CorsPolicy build() {
      return new CorsPolicy(true, anyOrigin, originAllowed, methods, headers, credentials, maxAgeSeconds, onEveryResponse);
    }
  }
}
