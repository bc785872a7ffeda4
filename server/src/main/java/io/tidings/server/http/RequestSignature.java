package io.tidings.server.http;

import io.tidings.server.auth.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies the HTTP API's {@code auth_signature} exactly as Soketi computes it: the query parameters
 * (URL-decoded, keys as sent) minus {@code auth_signature}, {@code body_md5}, {@code appId},
 * {@code appKey} and {@code channelName}, plus {@code body_md5} recomputed from the raw body (never
 * trusted from the client), sorted by key, joined as {@code k=v&…}, after {@code METHOD\npath\n}; the
 * path is the full request path with the prefix. HMAC-SHA256 hex with the app secret, compared in
 * constant time. Beyond Soketi: an empty-body POST signed without {@code body_md5} is accepted, and a
 * path signed decoded but sent percent-encoded is accepted. Stateless.
 */
public final class RequestSignature {

  private static final Set<String> EXCLUDED = Set.of("auth_signature", "body_md5", "appId", "appKey", "channelName");
  private static final String MD5_OF_EMPTY = Signatures.md5Hex(new byte[0]);
  private static final String MD5_OF_EMPTY_OBJECT = Signatures.md5Hex("{}".getBytes(StandardCharsets.US_ASCII));

  private RequestSignature() {}

  /**
   * @param method   HTTP method, upper case
   * @param rawPath  the path as received (percent-encoded), without the query
   * @param params   query parameters, URL-decoded, first value of each
   * @param body     the raw body (empty for GET)
   * @param secret   the app secret
   */
  public static boolean isValid(String method, String rawPath, Map<String, String> params, byte[] body, String secret) {
    String received = params.get("auth_signature");
    if (received == null) return false;
    TreeMap<String, String> signed = new TreeMap<>();
    params.forEach((k, v) -> {
      if (!EXCLUDED.contains(k)) signed.put(k, v);
    });
    String decodedPath = decodePath(rawPath);
    List<String> paths = decodedPath.equals(rawPath) ? List.of(rawPath) : List.of(rawPath, decodedPath);
    List<String> md5s;
    if (body.length > 0) {
      md5s = List.of(Signatures.md5Hex(body));
    } else if (params.containsKey("body_md5")) {
      md5s = List.of(MD5_OF_EMPTY, MD5_OF_EMPTY_OBJECT);
    } else {
      md5s = java.util.Arrays.asList((String) null, MD5_OF_EMPTY_OBJECT);
    }
    boolean ok = false;
    for (String path : paths) {
      for (String md5 : md5s) {
        // Every candidate is computed and compared, so timing does not tell which one failed.
        ok |= Signatures.constantTimeEquals(sign(method, path, signed, md5, secret), received);
      }
    }
    return ok;
  }

  /** The signature a client would send: exposed for tests and tools. */
  public static String sign(String method, String path, Map<String, String> params, String bodyMd5, String secret) {
    TreeMap<String, String> sorted = new TreeMap<>(params);
    if (bodyMd5 != null) sorted.put("body_md5", bodyMd5);
    StringBuilder sb = new StringBuilder(method).append('\n').append(path).append('\n');
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!first) sb.append('&');
      sb.append(e.getKey()).append('=').append(e.getValue());
      first = false;
    }
    return Signatures.hmacSha256Hex(secret, sb.toString());
  }

  private static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    try {
      return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }
}
