package dev.flotilla.ui.connection;

import org.eclipse.jface.action.ContributionItem;
import org.eclipse.jface.action.StatusLineLayoutData;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * The window's status line entry for the connection: an icon for the state and
 * "Connected to http://… · 12 keys" or the reason it is not. Always visible, whatever part is active,
 * so nobody acts on a cluster without seeing which one it is and whether it answers.
 */
public final class ConnectionStatusItem extends ContributionItem implements ClusterConnection.Listener {

    /** Contribution id, also set as the label's {@link #WIDGET_KEY} data so tests can find it. */
    public static final String ID = "dev.flotilla.ui.connectionStatus";
    /** Widget data key carrying {@link #ID}. */
    public static final String WIDGET_KEY = "dev.flotilla.ui.widgetId";

    private final ClusterConnection connection;
    private CLabel label;

    public ConnectionStatusItem(ClusterConnection connection) {
        super(ID);
        this.connection = connection;
        connection.addListener(this);
    }

    @Override
    public void fill(Composite parent) {
        Label separator = new Label(parent, SWT.SEPARATOR);
        StatusLineLayoutData separatorData = new StatusLineLayoutData();
        separatorData.heightHint = 20;
        separator.setLayoutData(separatorData);

        label = new CLabel(parent, SWT.SHADOW_NONE);
        label.setData(WIDGET_KEY, ID);
        StatusLineLayoutData data = new StatusLineLayoutData();
        GC gc = new GC(label);
        try {
            data.widthHint = gc.getFontMetrics().getAverageCharacterWidth() > 0
                    ? (int) (gc.getFontMetrics().getAverageCharacterWidth() * 72)
                    : 480;
        } finally {
            gc.dispose();
        }
        label.setLayoutData(data);
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
        label.setToolTipText(status.endpoint() == null ? status.detail()
                : status.endpoint() + (status.detail().isEmpty() ? "" : "\n" + status.detail()));
        label.setImage(PlatformUI.getWorkbench().getSharedImages().getImage(switch (status.state()) {
            case CONNECTED -> ISharedImages.IMG_OBJS_INFO_TSK;
            case CONNECTING -> ISharedImages.IMG_OBJS_TASK_TSK;
            case UNREACHABLE -> ISharedImages.IMG_OBJS_ERROR_TSK;
            case NOT_CONNECTED -> ISharedImages.IMG_OBJS_WARN_TSK;
        }));
    }

    /** The sentence shown, e.g. "Connected to http://127.0.0.1:2379 · 12 keys · index 40". */
    public static String text(ClusterConnection.Status status) {
        String where = status.endpoint() == null ? "" : " " + status.endpoint();
        String head = switch (status.state()) {
            case CONNECTED -> "Connected to" + where;
            case CONNECTING -> "Connecting to" + where + "…";
            case UNREACHABLE -> "Unreachable:" + where;
            case NOT_CONNECTED -> "Not connected";
        };
        // a failure's full reason goes to the tooltip and the view: it would crowd out the endpoint here
        boolean showDetail = status.state() == ClusterConnection.State.CONNECTED
                || status.state() == ClusterConnection.State.NOT_CONNECTED && status.endpoint() == null
                        && status.detail().length() < 60;
        return showDetail && !status.detail().isEmpty() ? head + " · " + status.detail() : head;
    }

    /** The text on screen right now; call on the UI thread. */
    public String shownText() {
        return label == null || label.isDisposed() ? "" : label.getText();
    }

    /** The images are the workbench's shared ones; only the listener needs removing. */
    @Override
    public void dispose() {
        connection.removeListener(this);
        super.dispose();
    }
}
