package io.tidings.bench.peer;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;

/**
 * netty-socketio 2.0.14 as the Socket.IO benchmarks' Java peer, with its defaults (as a user would start
 * it) and the bench's three handlers, the same as the Node peer's {@code single.js} and the Tidings target:
 * every socket joins the room {@code bench} on connect; {@code publish} (a string) is emitted as
 * {@code bench} to that room, the sender excepted; {@code ack} (a string) is acknowledged with the same
 * string. Loopback only; the port comes from {@code PORT}. Stopped by SIGTERM from the bench.
 */
public final class NettySocketIoPeer {

  private static final String ROOM = "bench";

  private NettySocketIoPeer() {}

  public static void main(String[] args) {
    Configuration config = new Configuration();
    config.setHostname("127.0.0.1");
    config.setPort(Integer.parseInt(System.getenv("PORT")));
    SocketIOServer server = new SocketIOServer(config);
    server.addConnectListener(client -> client.joinRoom(ROOM));
    server.addEventListener("publish", String.class,
        (client, data, ack) -> server.getRoomOperations(ROOM).sendEvent(ROOM, client, data));
    server.addEventListener("ack", String.class, (client, data, ack) -> ack.sendAckData(data));
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop"));
    server.start();
    System.out.println("netty-socketio peer listening on 127.0.0.1:" + config.getPort());
  }
}
