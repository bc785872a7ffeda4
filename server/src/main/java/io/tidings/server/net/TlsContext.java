package io.tidings.server.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tidings.server.config.ConfigException;
import io.tidings.server.config.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the TLS context from Soketi's {@code SOKETI_SSL_CERT}, {@code _KEY}, {@code _PASS} and
 * {@code _CA}: PEM files, as uWebSockets takes them. The certificate file may hold the whole chain; the
 * key may be PKCS#8 (plain or encrypted with {@code SOKETI_SSL_PASS}) or a plain PKCS#1 RSA key
 * ({@code BEGIN RSA PRIVATE KEY}, what older {@code openssl genrsa} writes). With {@code SOKETI_SSL_CA},
 * clients are asked for a certificate and one they present must chain to that CA, but a client without
 * one is still served — uWS's {@code SSL_VERIFY_PEER} on a server.
 *
 * <p>Any problem stops start-up with a {@link ConfigException} naming the variable. Stateless.
 */
final class TlsContext {

  private static final Pattern PKCS1_RSA = Pattern.compile(
      "-----BEGIN RSA PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END RSA PRIVATE KEY-----");
  /** AlgorithmIdentifier { rsaEncryption, NULL } in DER. */
  private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private TlsContext() {}

  /** The context, or null when TLS is off (cert and key empty). */
  static SslContext fromConfig(ServerConfig.Ssl ssl) {
    if (!ssl.enabled()) return null;
    if (ssl.certPath().isEmpty()) throw new ConfigException("SOKETI_SSL_CERT: required when SOKETI_SSL_KEY is set");
    if (ssl.keyPath().isEmpty()) throw new ConfigException("SOKETI_SSL_KEY: required when SOKETI_SSL_CERT is set");
    X509Certificate[] chain = certificates("SOKETI_SSL_CERT", ssl.certPath());
    String keyPem = read("SOKETI_SSL_KEY", ssl.keyPath());
    SslContextBuilder b;
    Matcher pkcs1 = PKCS1_RSA.matcher(keyPem);
    if (pkcs1.find() && !keyPem.contains("ENCRYPTED")) {
      b = SslContextBuilder.forServer(rsaFromPkcs1(pkcs1.group(1), ssl.keyPath()), chain);
    } else if (keyPem.contains("BEGIN RSA PRIVATE KEY") || keyPem.contains("BEGIN EC PRIVATE KEY")) {
      throw new ConfigException("SOKETI_SSL_KEY: " + ssl.keyPath() + " is an encrypted PKCS#1 or an EC (SEC1) key, which "
          + "Tidings cannot read; convert it to PKCS#8 with: openssl pkcs8 -topk8 -in old.pem -out key.pem "
          + "(add -nocrypt for no passphrase)");
    } else {
      try {
        b = SslContextBuilder.forServer(new File(ssl.certPath()), new File(ssl.keyPath()),
            ssl.passphrase().isEmpty() ? null : ssl.passphrase());
      } catch (RuntimeException e) {
        throw new ConfigException("SOKETI_SSL_KEY: cannot load the private key in " + ssl.keyPath()
            + (ssl.passphrase().isEmpty() ? " (if it is encrypted, set SOKETI_SSL_PASS)" : " (is SOKETI_SSL_PASS right?)")
            + ": " + rootMessage(e));
      }
    }
    if (!ssl.caPath().isEmpty()) {
      b.trustManager(certificates("SOKETI_SSL_CA", ssl.caPath())).clientAuth(ClientAuth.OPTIONAL);
    }
    try {
      return b.build();
    } catch (Exception e) {
      throw new ConfigException("SOKETI_SSL_CERT/SOKETI_SSL_KEY: the certificate and key cannot be used for TLS: "
          + rootMessage(e));
    }
  }

  private static X509Certificate[] certificates(String variable, String path) {
    byte[] bytes = read(variable, path).getBytes(StandardCharsets.US_ASCII);
    try {
      X509Certificate[] certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes)).toArray(new X509Certificate[0]);
      if (certs.length == 0) throw new ConfigException(variable + ": " + path + " holds no PEM certificate");
      return certs;
    } catch (java.security.cert.CertificateException e) {
      throw new ConfigException(variable + ": " + path + " is not a PEM certificate file: " + rootMessage(e));
    }
  }

  private static String read(String variable, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(variable + ": cannot read " + path + ": " + rootMessage(e));
    }
  }

  /** PKCS#1 {@code RSAPrivateKey} → PKCS#8 {@code PrivateKeyInfo}, which the JDK reads. */
  private static PrivateKey rsaFromPkcs1(String base64, String path) {
    try {
      byte[] pkcs1 = Base64.getMimeDecoder().decode(base64);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
      body.writeBytes(RSA_ALGORITHM);
      body.write(0x04); // OCTET STRING holding the PKCS#1 key
      writeLength(body, pkcs1.length);
      body.writeBytes(pkcs1);
      ByteArrayOutputStream der = new ByteArrayOutputStream();
      der.write(0x30);
      writeLength(der, body.size());
      der.writeBytes(body.toByteArray());
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der.toByteArray()));
    } catch (Exception e) {
      throw new ConfigException("SOKETI_SSL_KEY: " + path + " is not a readable RSA private key: " + rootMessage(e));
    }
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
