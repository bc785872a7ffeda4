package io.tidings.socketio.engine;

import io.netty.handler.codec.http.HttpMethod;
import io.tidings.transport.http.HttpExchange;

/**
 * One HTTP request of a long-polling session, read off the connection that brought it so that it can hop
 * to the session's loop: the transport's own request is released when the route returns. Immutable.
 *
 * @param method              {@code GET} (a poll), {@code POST} (packets), or anything else (500)
 * @param transport           the query's {@code transport}
 * @param eio                 the query's {@code EIO}, or null
 * @param contentType         the request's {@code Content-Type}, or null
 * @param body                a POST's body (owned by this request); empty otherwise
 * @param oldInternetExplorer whether the answer needs {@code X-XSS-Protection: 0}
 * @param exchange            the way back, answerable from any thread
 */
record PollingRequest(HttpMethod method, String transport, String eio, String contentType, byte[] body,
    boolean oldInternetExplorer, HttpExchange exchange) {}
