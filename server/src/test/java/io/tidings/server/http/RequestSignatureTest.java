package io.tidings.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.Pusher;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestSignature} against requests signed by pusher-http-java 1.3.4 ({@code signedUri}): the
 * SDK computes the signature, the server must accept exactly those requests and refuse any change.
 */
class RequestSignatureTest {

  static final Pusher SDK = new Pusher("app-id", "app-key", "app-secret");
  static final byte[] NONE = new byte[0];

  @AfterAll
  static void close() throws Exception {
    SDK.close();
  }

  /** The query of {@code uri}, decoded the way the router decodes it. */
  static Map<String, String> params(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Test
  void aPostSignedByTheSdkIsValid() {
    String body = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"{\\\"a\\\":1}\"}";
    URI uri = SDK.signedUri("POST", "/events", body);
    assertThat(RequestSignature.isValid("POST", uri.getRawPath(), params(uri), body.getBytes(StandardCharsets.UTF_8), "app-secret"))
        .isTrue();
  }

  @Test
  void aGetWithQueryParametersSignedByTheSdkIsValid() {
    URI uri = SDK.signedUri("GET", "/channels", null, Map.of("filter_by_prefix", "presence-", "info", "user_count,subscription_count"));
    assertThat(RequestSignature.isValid("GET", uri.getRawPath(), params(uri), NONE, "app-secret")).isTrue();
  }

  @Test
  void aGetOfAChannelSignedByTheSdkIsValid() {
    URI uri = SDK.signedUri("GET", "/channels/presence-a;b=c@d,e.f/users", null);
    assertThat(RequestSignature.isValid("GET", uri.getRawPath(), params(uri), NONE, "app-secret")).isTrue();
  }

  @Test
  void anotherSecretIsRefused() {
    String body = "{}";
    URI uri = SDK.signedUri("POST", "/events", body);
    assertThat(RequestSignature.isValid("POST", uri.getRawPath(), params(uri), body.getBytes(StandardCharsets.UTF_8), "other"))
        .isFalse();
  }

  @Test
  void aChangedBodyIsRefusedWhateverBodyMd5TheClientSent() {
    URI uri = SDK.signedUri("POST", "/events", "{\"name\":\"a\"}");
    assertThat(RequestSignature.isValid("POST", uri.getRawPath(), params(uri),
        "{\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8), "app-secret")).isFalse();
  }

  @Test
  void aChangedQueryParameterIsRefused() {
    URI uri = SDK.signedUri("GET", "/channels", null, Map.of("filter_by_prefix", "presence-"));
    Map<String, String> p = params(uri);
    p.put("filter_by_prefix", "private-");
    assertThat(RequestSignature.isValid("GET", uri.getRawPath(), p, NONE, "app-secret")).isFalse();
  }

  @Test
  void anotherMethodOrPathIsRefused() {
    URI uri = SDK.signedUri("GET", "/channels", null);
    assertThat(RequestSignature.isValid("POST", uri.getRawPath(), params(uri), NONE, "app-secret")).isFalse();
    assertThat(RequestSignature.isValid("GET", "/apps/other/channels", params(uri), NONE, "app-secret")).isFalse();
  }

  @Test
  void aRequestWithoutSignatureIsRefused() {
    URI uri = SDK.signedUri("GET", "/channels", null);
    Map<String, String> p = params(uri);
    p.remove("auth_signature");
    assertThat(RequestSignature.isValid("GET", uri.getRawPath(), p, NONE, "app-secret")).isFalse();
  }

  @Test
  void theSignatureWeComputeIsTheSdks() {
    URI uri = SDK.signedUri("GET", "/channels", null, Map.of("info", "user_count"));
    Map<String, String> p = params(uri);
    String theirs = p.remove("auth_signature");
    assertThat(RequestSignature.sign("GET", uri.getRawPath(), p, null, "app-secret")).isEqualTo(theirs);
  }
}
