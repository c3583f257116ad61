package dev.flotilla.ui.support;

import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Widget;

/** Widget ids (for tests and accessibility tools) and colour parsing shared by the views. */
public final class Widgets {

    /** Widget data key carrying a stable id. */
    public static final String ID = "dev.flotilla.ui.widgetId";

    private Widgets() {
    }

    /** Tags {@code widget} with {@code id}; returns it for chaining. */
    public static <W extends Widget> W id(W widget, String id) {
        widget.setData(ID, id);
        return widget;
    }

    /** The control tagged {@code id} at or below {@code root}, or null; UI thread only. */
    public static Control find(Control root, String id) {
        if (id.equals(root.getData(ID))) {
            return root;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = find(child, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** "#rrggbb" as an RGB; grey when malformed. */
    public static RGB rgb(String colour) {
        if (colour != null && colour.matches("#[0-9a-fA-F]{6}")) {
            int v = Integer.parseInt(colour.substring(1), 16);
            return new RGB(v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff);
        }
        return new RGB(0xc0, 0xc0, 0xc0);
    }

    /** An RGB as "#rrggbb". */
    public static String hex(RGB rgb) {
        return String.format("#%02x%02x%02x", rgb.red, rgb.green, rgb.blue);
    }
}
