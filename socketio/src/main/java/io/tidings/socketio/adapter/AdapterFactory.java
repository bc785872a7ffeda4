package io.tidings.socketio.adapter;

/**
 * Makes the {@link Adapter} of each namespace (Node's {@code adapter} option: a class the server
 * instantiates per namespace). The default is {@link InMemoryAdapter#FACTORY}.
 *
 * <p><b>Threading:</b> called once per namespace, on the thread that creates the namespace (the caller of
 * {@code of(...)}, or an event loop for a dynamic namespace); must not block.
 */
@FunctionalInterface
public interface AdapterFactory {

  Adapter create(NamespaceContext namespace);
}
