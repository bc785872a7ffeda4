package io.tidings.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1}/{@code localhost}, made at test time with the running
 * JDK's {@code keytool} and written as the PEM files Soketi takes ({@code cert.pem}, a PKCS#8
 * {@code key.pem}), plus an {@link SSLContext} that trusts it. {@link #openssl} runs the OpenSSL CLI for
 * the other key formats when it is installed.
 */
public final class TestCertificates {

  private static final String PASS = "changeit";

  private final Path dir;
  private final Path cert;
  private final Path key;
  private final SSLContext trusting;

  private TestCertificates(Path dir, Path cert, Path key, SSLContext trusting) {
    this.dir = dir;
    this.cert = cert;
    this.key = key;
    this.trusting = trusting;
  }

  /** Generates a fresh key pair and certificate in a new temporary directory. */
  public static TestCertificates generate() {
    try {
      Path dir = Files.createTempDirectory("tidings-tls");
      Path store = dir.resolve("keystore.p12");
      run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
          "-alias", "tidings", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
          "-ext", "san=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(), "-storetype", "PKCS12",
          "-storepass", PASS, "-keypass", PASS));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASS.toCharArray());
      }
      Certificate certificate = ks.getCertificate("tidings");
      PrivateKey privateKey = (PrivateKey) ks.getKey("tidings", PASS.toCharArray());
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("tidings", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return new TestCertificates(dir, cert, key, ctx);
    } catch (Exception e) {
      throw new AssertionError("could not generate a test certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  public Path cert() {
    return cert;
  }

  /** The private key, PKCS#8, unencrypted. */
  public Path key() {
    return key;
  }

  public Path dir() {
    return dir;
  }

  /** A client context that trusts this certificate (and nothing else). */
  public SSLContext trusting() {
    return trusting;
  }

  /** True when the {@code openssl} CLI can be run. */
  public static boolean opensslAvailable() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs {@code openssl} with {@code args} in this directory; fails on a non-zero exit. */
  public void openssl(String... args) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    run(dir, cmd);
  }

  private static void run(Path dir, List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
      }
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
