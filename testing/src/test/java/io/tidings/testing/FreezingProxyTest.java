package io.tidings.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a real echo server on loopback: what a frozen, thawed, cut or refused link does. */
class FreezingProxyTest {

  private ServerSocket echo;
  private final LinkedBlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
  private FreezingProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(() -> {
      while (true) {
        Socket s;
        try {
          s = echo.accept();
        } catch (IOException e) {
          return;
        }
        accepted.add(s);
        Thread.ofPlatform().daemon().start(() -> {
          try (s) {
            s.getInputStream().transferTo(s.getOutputStream());
          } catch (IOException ignored) {
            // the test closed it
          }
        });
      }
    });
    proxy = FreezingProxy.to("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void aFrozenLinkForwardsNothingEitherWayAndDeliversWhatItHeldOnceThawed() throws Exception {
    try (Socket client = new Socket("127.0.0.1", proxy.port())) {
      client.setSoTimeout(300);
      assertThat(roundTrip(client, "a")).isEqualTo("a");
      FreezingProxy.Link link = proxy.links().get(0);
      assertThat(link.upstreamLocalPort()).as("the server sees the proxy's outbound port")
          .isEqualTo(accepted.poll(5, TimeUnit.SECONDS).getPort());

      link.freeze();
      client.getOutputStream().write("bc".getBytes());
      assertThat(readOrNull(client, 2)).as("nothing while frozen").isNull();
      assertThat(link.frozen()).isTrue();

      link.unfreeze();
      client.setSoTimeout(5_000);
      assertThat(readOrNull(client, 2)).as("held bytes, in order").isEqualTo("bc");
    }
  }

  @Test
  void aCutLinkResetsTheClientAndFreezingNewLinksOrRefusingThemAffectsOnlyNewOnes() throws Exception {
    try (Socket first = new Socket("127.0.0.1", proxy.port())) {
      first.setSoTimeout(5_000);
      assertThat(roundTrip(first, "x")).isEqualTo("x");

      proxy.freezeNewLinks(true);
      try (Socket second = new Socket("127.0.0.1", proxy.port())) {
        second.setSoTimeout(300);
        second.getOutputStream().write('y');
        assertThat(readOrNull(second, 1)).as("a new link is frozen from its first byte").isNull();
      }
      proxy.freezeNewLinks(false);
      assertThat(roundTrip(first, "z")).as("the old link still forwards").isEqualTo("z");

      proxy.refuseNewLinks(true);
      try (Socket refused = new Socket("127.0.0.1", proxy.port())) {
        refused.setSoTimeout(5_000);
        assertThat(endOfStream(refused.getInputStream())).as("a refused link is reset").isTrue();
      }
      assertThat(proxy.links()).as("refused links are not links").hasSize(2);

      proxy.links().get(0).cut();
      assertThat(endOfStream(first.getInputStream())).as("a cut link is reset").isTrue();
      assertThat(proxy.liveLinks()).doesNotContain(proxy.links().get(0));
    }
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes());
    return readOrNull(s, text.length());
  }

  /** Reads exactly {@code n} bytes, or null when they do not come within the socket's timeout. */
  private static String readOrNull(Socket s, int n) throws IOException {
    byte[] buf = new byte[n];
    int got = 0;
    try {
      while (got < n) {
        int r = s.getInputStream().read(buf, got, n - got);
        if (r < 0) return null;
        got += r;
      }
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(buf, 0, got);
  }

  /** True when the stream ends or is reset. */
  private static boolean endOfStream(InputStream in) {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
