package io.tidings.socketio;

/**
 * Runs before each incoming event of a socket reaches its handlers: {@code socket.use((event, args, next) ->
 * …)}, Node's {@code socket.use(([event, ...args], next) => …)}. {@link Middleware.Next#fail} drops the
 * event and emits {@code "error"} on the socket with the exception as its argument, as Node does.
 * Threading as {@link EventHandler}; {@code next} from any thread.
 */
@FunctionalInterface
public interface PacketMiddleware {

  void handle(String event, Args args, Middleware.Next next);
}
