package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;

import dev.flotilla.ui.support.Widgets;

/** A small robot: find widgets by their id, press buttons, wait for what the user would see, take screenshots. */
final class Ui {

    private Ui() {
    }

    /** The control carrying {@code id} as {@link Widgets#ID} data; UI thread only. */
    static <T extends Control> T find(Shell shell, String id, Class<T> type) {
        Control found = Widgets.find(shell, id);
        if (found == null) {
            fail("no widget with id " + id + " in " + shell.getText());
        }
        return type.cast(found);
    }

    /** The open shell titled {@code title} (a dialog), waiting for it to appear. */
    static Shell awaitShell(RunningWorkbench workbench, String title) throws InterruptedException {
        return await(workbench, "a window titled '" + title + "'", Duration.ofSeconds(20), () -> {
            for (Shell s : org.eclipse.swt.widgets.Display.getCurrent().getShells()) {
                if (!s.isDisposed() && s.isVisible() && title.equals(s.getText())) {
                    return s;
                }
            }
            return null;
        }, s -> s != null);
    }

    /** Presses the button labelled {@code label} in {@code shell}, as a click would; UI thread only. */
    static void press(Shell shell, String label) {
        Button button = findButton(shell, label);
        if (button == null) {
            fail("no button '" + label + "' in " + shell.getText());
        }
        button.notifyListeners(SWT.Selection, new Event());
    }

    /** The button labelled {@code label}; UI thread only. */
    static Button button(Shell shell, String label) {
        Button button = findButton(shell, label);
        if (button == null) {
            fail("no button '" + label + "' in " + shell.getText());
        }
        return button;
    }

    private static Button findButton(Control control, String label) {
        if (control instanceof Button b && label.equals(b.getText().replace("&", ""))) {
            return b;
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Button found = findButton(child, label);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Polls {@code seen} (on the UI thread, through {@code workbench}) until {@code done} holds, leaving the
     * UI thread free in between; fails naming {@code what} and the last thing seen.
     */
    static <T> T await(RunningWorkbench workbench, String what, Duration timeout, Supplier<T> seen,
            java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = workbench.onUi(seen::get);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        return fail("waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last);
    }

    /** The rows the tree shows (expanded directories only): "path/of/name | value | ttl | modified". */
    static List<String> visibleRows(TreeItem[] items, String parentPath) {
        List<String> rows = new ArrayList<>();
        for (TreeItem item : items) {
            String path = parentPath.isEmpty() ? item.getText(0) : parentPath + "/" + item.getText(0);
            rows.add(path + " | " + item.getText(1) + " | " + item.getText(2) + " | " + item.getText(3));
            if (item.getExpanded()) {
                rows.addAll(visibleRows(item.getItems(), path));
            }
        }
        return rows;
    }

    /** Saves what is on screen where {@code shell} is as a PNG under target/screenshots/; UI thread only. */
    static Path screenshot(Shell shell, String name) throws IOException {
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // let pending paints happen first
        }
        shell.update();
        // menu bar plus client area: without a window manager (Xvfb) the shell's bounds include trim
        // for decorations nobody draws, which would show as black bars
        Rectangle outer = shell.getBounds();
        Rectangle client = display.map(shell, null, shell.getClientArea());
        Rectangle bounds = new Rectangle(client.x, outer.y, client.width, client.y + client.height - outer.y);
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
        } finally {
            gc.dispose();
        }
        Path dir = Path.of(System.getProperty("flotilla.test.output", "target"), "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
        return file;
    }
}
