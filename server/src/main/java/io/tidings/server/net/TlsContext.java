package io.tidings.server.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tidings.server.config.ConfigException;
import io.tidings.server.config.ServerConfig;
import java.io.File;

/** Builds the TLS context from {@code SOKETI_SSL_CERT}, {@code _KEY}, {@code _PASS} and {@code _CA}. */
final class TlsContext {

  private TlsContext() {}

  /** The context, or null when TLS is off (cert and key empty). */
  static SslContext fromConfig(ServerConfig.Ssl ssl) {
    if (!ssl.enabled()) return null;
    try {
      SslContextBuilder b = SslContextBuilder.forServer(new File(ssl.certPath()), new File(ssl.keyPath()),
          ssl.passphrase().isEmpty() ? null : ssl.passphrase());
      if (!ssl.caPath().isEmpty()) b.trustManager(new File(ssl.caPath()));
      return b.build();
    } catch (Exception e) {
      throw new ConfigException("SOKETI_SSL_CERT/SOKETI_SSL_KEY: cannot load the certificate or key: " + e.getMessage());
    }
  }
}
