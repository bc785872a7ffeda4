package io.tidings.server.support;

import io.tidings.server.auth.Signatures;
import io.tidings.server.http.RequestSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw, correctly signed HTTP API requests (JDK HttpClient), for checking exact statuses, headers and
 * bodies; the Pusher SDK tests use pusher-http-java instead.
 */
public final class SignedApi {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;
  private final String secret;

  public SignedApi(String base, String key, String secret) {
    this.base = base;
    this.key = key;
    this.secret = secret;
  }

  public static SignedApi forDefaultApp(TestServer server) {
    return new SignedApi(server.httpBase(), TestServer.APP_KEY, TestServer.APP_SECRET);
  }

  public HttpResponse<String> get(String path, Map<String, String> query) {
    return send("GET", path, query, null);
  }

  public HttpResponse<String> get(String path) {
    return get(path, Map.of());
  }

  public HttpResponse<String> post(String path, String body) {
    return send("POST", path, Map.of(), body);
  }

  /** Sends a request signed as the Pusher SDKs sign it. */
  public HttpResponse<String> send(String method, String path, Map<String, String> query, String body) {
    Map<String, String> params = new LinkedHashMap<>(query);
    params.put("auth_key", key);
    params.put("auth_timestamp", Long.toString(Instant.now().getEpochSecond()));
    params.put("auth_version", "1.0");
    String md5 = body == null || body.isEmpty() ? null : Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8));
    if (md5 != null) params.put("body_md5", md5);
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.remove("body_md5");
    params.put("auth_signature", RequestSignature.sign(method, path, signed, md5, secret));
    return raw(method, path + "?" + encode(params), body);
  }

  /** Sends a request exactly as given (no signing). */
  public HttpResponse<String> raw(String method, String pathAndQuery, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public static String encode(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
