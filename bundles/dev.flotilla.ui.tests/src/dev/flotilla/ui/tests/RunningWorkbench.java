package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.Bundle;

import dev.flotilla.ui.app.FlotillaApplication;

/**
 * The product's application ({@link FlotillaApplication}) running on a UI thread of its own, started with
 * the program arguments a user would pass ({@code --connect URL}); the test thread drives it through
 * {@link #onUi(Callable)}.
 */
public final class RunningWorkbench implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final FlotillaApplication application = new FlotillaApplication();
    private final CompletableFuture<Object> exit = new CompletableFuture<>();
    private final Thread uiThread;

    private RunningWorkbench(String... programArgs) {
        uiThread = new Thread(() -> {
            try {
                exit.complete(application.start(new LaunchContext(programArgs)));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "flotilla-workbench-ui");
        uiThread.setDaemon(true);
    }

    /** Starts the application and waits until its window is open. */
    public static RunningWorkbench start(String... programArgs) throws InterruptedException {
        RunningWorkbench workbench = new RunningWorkbench(programArgs);
        workbench.uiThread.start();
        workbench.awaitWindow();
        return workbench;
    }

    private void awaitWindow() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (exit.isDone()) {
                fail("the workbench ended before opening a window: " + exit.handle((r, t) -> t == null
                        ? "exit code " + r : t.toString()).join(), exit.handle((r, t) -> t).join());
            }
            if (PlatformUI.isWorkbenchRunning()) {
                Display display = PlatformUI.getWorkbench().getDisplay();
                AtomicReference<IWorkbenchWindow> window = new AtomicReference<>();
                display.syncExec(() -> window.set(PlatformUI.getWorkbench().getActiveWorkbenchWindow()));
                if (window.get() != null) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        fail("the workbench window did not open within " + STARTUP.toSeconds() + " s");
    }

    /** Runs {@code action} on the UI thread and returns its result; its failures fail the caller. */
    public <T> T onUi(Callable<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.syncExec(() -> {
            try {
                result.set(action.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return result.get();
    }

    /**
     * Runs {@code action} on the UI thread without waiting: for actions that open a modal dialog, which
     * the test then drives through {@link #onUi(Callable)} while the dialog's event loop runs.
     */
    public void onUiLater(Runnable action) {
        PlatformUI.getWorkbench().getDisplay().asyncExec(action);
    }

    /** Closes the workbench the way the platform stops an application, and waits for the UI thread. */
    @Override
    public void close() throws InterruptedException {
        if (uiThread.isAlive()) {
            application.stop();
            uiThread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** What the launcher hands an application: the program arguments and the branding of our product. */
    private static final class LaunchContext implements IApplicationContext {
        private final String[] programArgs;

        LaunchContext(String[] programArgs) {
            this.programArgs = programArgs.clone();
        }

        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, programArgs.clone());
        }

        @Override
        public void applicationRunning() {
            // no splash screen to take down
        }

        @Override
        public String getBrandingApplication() {
            return "dev.flotilla.ui.application";
        }

        @Override
        public String getBrandingName() {
            return "Flotilla";
        }

        @Override
        public String getBrandingDescription() {
            return null;
        }

        @Override
        public String getBrandingId() {
            return "dev.flotilla.ui.product";
        }

        @Override
        public String getBrandingProperty(String key) {
            return Platform.getProduct() == null ? null : Platform.getProduct().getProperty(key);
        }

        @Override
        public Bundle getBrandingBundle() {
            return Platform.getBundle("dev.flotilla.ui");
        }

        @Override
        public void setResult(Object result, IApplication application) {
            // the result is taken from start()'s return value
        }
    }
}
