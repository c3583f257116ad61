package dev.flotilla.core.client;

/**
 * Options of a keys GET.
 *
 * @param recursive return the whole subtree, not just the direct children
 * @param sorted    children sorted by key (otherwise in the server's order)
 * @param quorum    read through raft (linearizable) instead of from the answering member's copy
 */
public record GetOptions(boolean recursive, boolean sorted, boolean quorum) {
    public static final GetOptions DEFAULT = new GetOptions(false, false, false);
}
