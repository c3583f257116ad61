package dev.flotilla.ui.support;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.statushandlers.StatusManager;

import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.UnavailableException;

/**
 * Failures told as people tell them: a status dialog with one human sentence (what was tried, what the
 * cluster said), and the same in the error log. Never a stack trace in front of the user.
 */
public final class Problems {

    public static final String PLUGIN = "dev.flotilla.ui";

    private Problems() {
    }

    /** "Cannot save /a: the key changed meanwhile (etcd 101 Compare failed)". */
    public static String describe(String what, Throwable t) {
        return what + ": " + reason(t);
    }

    /** The reason in words. */
    public static String reason(Throwable t) {
        if (t instanceof EtcdException e) {
            return e.error().message() + (e.error().cause() == null ? "" : " (" + e.error().cause() + ")")
                    + " [etcd error " + e.errorCode() + "]";
        }
        if (t instanceof UnavailableException e) {
            return e.getMessage();
        }
        if (t instanceof ClientException e) {
            return e.getMessage();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Shows a status dialog (without blocking the caller) and logs it. */
    public static void show(String title, String message) {
        MultiStatus status = new MultiStatus(PLUGIN, IStatus.ERROR, new IStatus[] {
                new Status(IStatus.ERROR, PLUGIN, message) }, title, null);
        StatusManager.getManager().handle(status, StatusManager.SHOW | StatusManager.LOG);
    }

    /** Logs only: for failures the view already shows inline. */
    public static void log(String message) {
        StatusManager.getManager().handle(new Status(IStatus.WARNING, PLUGIN, message), StatusManager.LOG);
    }
}
