package dev.flotilla.ui.connection;

import org.eclipse.jface.action.ContributionItem;
import org.eclipse.jface.action.StatusLineLayoutData;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import dev.flotilla.ui.support.Widgets;

/**
 * The window's status line entry for the active cluster, on the cluster's own colour:
 * "prod · healthy 3/3 · leader n1", or "prod · unreachable: … · retrying in 4 s". Always visible,
 * whatever part is active, so nobody acts on a cluster without seeing which one it is and how it is.
 */
public final class ConnectionStatusItem extends ContributionItem implements ClusterConnection.Listener {

    /** Contribution id, also the label's {@link Widgets#ID} so tests can find it. */
    public static final String ID = "dev.flotilla.ui.connectionStatus";
    /** Widget data key carrying ids; kept here for older callers. */
    public static final String WIDGET_KEY = Widgets.ID;

    private final ClusterConnection connection;
    private CLabel label;
    private Color background;

    public ConnectionStatusItem(ClusterConnection connection) {
        super(ID);
        this.connection = connection;
        connection.addListener(this);
    }

    @Override
    public void fill(Composite parent) {
        label = new CLabel(parent, SWT.SHADOW_NONE);
        Widgets.id(label, ID);
        label.setMargins(8, 2, 8, 2);
        StatusLineLayoutData data = new StatusLineLayoutData();
        GC gc = new GC(label);
        try {
            data.widthHint = (int) Math.max(480, gc.getFontMetrics().getAverageCharacterWidth() * 90);
        } finally {
            gc.dispose();
        }
        label.setLayoutData(data);
        label.addDisposeListener(e -> disposeColour());
        show(connection.status());
    }

    @Override
    public void statusChanged(ClusterConnection.Status status) {
        Display display = label == null || label.isDisposed() ? null : label.getDisplay();
        if (display != null) {
            display.asyncExec(() -> show(status));
        }
    }

    private void show(ClusterConnection.Status status) {
        if (label == null || label.isDisposed()) {
            return;
        }
        label.setText(text(status));
        String endpoints = status.profile() == null ? "" : status.profile().endpointList();
        label.setToolTipText(endpoints + (status.detail().isEmpty() ? "" : "\n" + status.detail()));
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        Image icon = switch (status.state()) {
            case CONNECTED -> status.health().startsWith("healthy") ? null
                    : images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
            case CONNECTING -> images.getImage(ISharedImages.IMG_OBJS_TASK_TSK);
            case UNREACHABLE -> images.getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
            case NOT_CONNECTED -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
        };
        label.setImage(icon);
        disposeColour();
        if (status.profile() != null) {
            background = new Color(label.getDisplay(), Widgets.rgb(status.profile().colour()));
            label.setBackground(background);
            label.setForeground(label.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        } else {
            label.setBackground((Color) null);
            label.setForeground(null);
        }
        label.getParent().layout(true);
    }

    private void disposeColour() {
        if (background != null) {
            background.dispose();
            background = null;
        }
    }

    /** The sentence shown, e.g. "prod · healthy 3/3 · leader n1". */
    public static String text(ClusterConnection.Status status) {
        String name = status.profile() == null ? "" : status.profile().name();
        return switch (status.state()) {
            case CONNECTED -> name + " · " + status.health() + " · leader " + status.leader();
            case CONNECTING -> name + " · connecting to " + status.profile().endpointList() + "…";
            case UNREACHABLE -> name + " · unreachable: " + status.detail();
            case NOT_CONNECTED -> status.profile() == null ? "Not connected" + (status.detail().isEmpty()
                    ? "" : " · " + status.detail()) : name + " · " + status.detail();
        };
    }

    /** The text on screen right now; call on the UI thread. */
    public String shownText() {
        return label == null || label.isDisposed() ? "" : label.getText();
    }

    /** Colours are disposed with the label; only the listener needs removing. */
    @Override
    public void dispose() {
        connection.removeListener(this);
        super.dispose();
    }

    static RGB rgb(String colour) {
        return Widgets.rgb(colour);
    }
}
