package dev.flotilla.node.journal;

/** A live follow of a journal; closing it stops delivery. */
public interface JournalSubscription extends AutoCloseable {
    @Override
    void close();
}
