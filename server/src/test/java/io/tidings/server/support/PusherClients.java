package io.tidings.server.support;

import static org.assertj.core.api.Assertions.fail;

import com.pusher.client.ChannelAuthorizer;
import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.UserAuthenticator;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.data.PresenceUser;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The two real Pusher SDKs pointed at one server (a {@link TestServer}, or any node's port): pusher-http-java as the app's backend
 * (publishing, REST reads, and the channel signatures of its {@code authenticate}), and
 * pusher-java-client connections that authorize through it. Closing disconnects every client made here.
 */
public final class PusherClients implements AutoCloseable {

  /** A 32-byte encryption master key, base64 (for private-encrypted channels). */
  public static final String MASTER_KEY = "VGhpcyBpcyBhIDMyIGJ5dGUga2V5IGZvciB0ZXN0cyE=";

  private static final long WAIT_SECONDS = 10;

  private final int port;
  private final String appId;
  private final String key;
  private final String secret;
  private final com.pusher.rest.Pusher rest;
  private final List<Pusher> clients = new CopyOnWriteArrayList<>();

  public PusherClients(TestServer server, String appId, String key, String secret) {
    this(server.port(), appId, key, secret);
  }

  /** For the app {@code appId} of the server listening on {@code port} of 127.0.0.1 (plain HTTP). */
  public PusherClients(int port, String appId, String key, String secret) {
    this.port = port;
    this.appId = appId;
    this.key = key;
    this.secret = secret;
    this.rest = rest(port, appId, key, secret);
  }

  /** For the default app. */
  public PusherClients(TestServer server) {
    this(server, TestServer.APP_ID, TestServer.APP_KEY, TestServer.APP_SECRET);
  }

  /** A pusher-http-java client for the app, with an encryption master key, talking plain HTTP. */
  public static com.pusher.rest.Pusher rest(TestServer server, String appId, String key, String secret) {
    return rest(server.port(), appId, key, secret);
  }

  private static com.pusher.rest.Pusher rest(int port, String appId, String key, String secret) {
    com.pusher.rest.Pusher p = new com.pusher.rest.Pusher(appId, key, secret, MASTER_KEY);
    p.setHost("127.0.0.1:" + port);
    p.setEncrypted(false);
    return p;
  }

  /** The backend SDK for this app. */
  public com.pusher.rest.Pusher rest() {
    return rest;
  }

  /**
   * A channel authorizer backed by pusher-http-java's {@code authenticate}: private and encrypted
   * channels as they are, presence channels as {@code presenceUser.apply(socketId)}.
   */
  public ChannelAuthorizer authorizer(Function<String, PresenceUser> presenceUser) {
    return (channel, socketId) -> channel.startsWith("presence-")
        ? rest.authenticate(socketId, channel, presenceUser.apply(socketId))
        : rest.authenticate(socketId, channel);
  }

  /** A client whose authorizer signs as user {@code userId} (string id) on presence channels. */
  public Pusher connect(String userId) {
    return connect(authorizer(s -> new PresenceUser(userId, java.util.Map.of("name", "user " + userId))), null);
  }

  /** A connected client with the given authorizer and user authenticator (either may be null). */
  public Pusher connect(ChannelAuthorizer authorizer, UserAuthenticator authenticator) {
    return connect(create(authorizer, authenticator));
  }

  /**
   * A client that asked to sign in before connecting, connected. The SDK signs in once it is connected;
   * asking after the connection can race its own connected callback and send two sign-ins.
   */
  public Pusher connectSigningIn(UserAuthenticator authenticator) {
    Pusher pusher = create(null, authenticator);
    pusher.signin();
    return connect(pusher);
  }

  private Pusher create(ChannelAuthorizer authorizer, UserAuthenticator authenticator) {
    PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(port).setUseTLS(false)
        .setMaxReconnectionAttempts(0);
    if (authorizer != null) options.setChannelAuthorizer(authorizer);
    if (authenticator != null) options.setUserAuthenticator(authenticator);
    Pusher pusher = new Pusher(key, options);
    clients.add(pusher);
    return pusher;
  }

  private Pusher connect(Pusher pusher) {
    CountDownLatch connected = new CountDownLatch(1);
    pusher.connect(new ConnectionEventListener() {
      @Override public void onConnectionStateChange(ConnectionStateChange change) {
        if (change.getCurrentState() == ConnectionState.CONNECTED) connected.countDown();
      }

      @Override public void onError(String message, String code, Exception e) {}
    }, ConnectionState.CONNECTED);
    await(connected, "the Pusher client to connect");
    return pusher;
  }

  public String appId() {
    return appId;
  }

  public String key() {
    return key;
  }

  public String secret() {
    return secret;
  }

  /** Waits (10 s at most) for {@code latch}. */
  public static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) fail("timed out waiting for " + what);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (Pusher p : clients) p.disconnect();
    try {
      rest.close();
    } catch (Exception ignored) {
      // closing an HTTP client
    }
  }
}
