package dev.flotilla.core.client;

/**
 * Options of a keys DELETE.
 *
 * @param prevValue succeed only if the current value equals this (ignored when null or empty)
 * @param prevIndex succeed only if the current modifiedIndex equals this (ignored when 0)
 * @param dir       allow removing an empty directory
 * @param recursive remove a directory with everything under it
 */
public record DeleteOptions(String prevValue, long prevIndex, boolean dir, boolean recursive) {
    public static final DeleteOptions DEFAULT = new DeleteOptions(null, 0, false, false);
}
