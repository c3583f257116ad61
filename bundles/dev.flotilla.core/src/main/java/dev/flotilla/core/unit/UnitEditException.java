package dev.flotilla.core.unit;

/** An edit was refused (bad section, key or value, or a stale entry); the file is unchanged. */
public final class UnitEditException extends Exception {
    public UnitEditException(String message) {
        super(message);
    }
}
