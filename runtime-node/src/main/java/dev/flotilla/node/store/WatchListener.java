package dev.flotilla.node.store;

/** Receives a watcher's events. Called with the store lock held, so it must only queue, never block. */
@FunctionalInterface
public interface WatchListener {
    void onEvent(Event event);
}
