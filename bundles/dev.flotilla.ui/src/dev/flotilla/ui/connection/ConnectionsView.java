package dev.flotilla.ui.connection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.osgi.service.prefs.BackingStoreException;

import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * The clusters the workbench knows, each on its colour, the active one in bold with its health; add, edit,
 * remove, connect and disconnect. A URL typed in the bar connects at once to a cluster kept for this
 * session only.
 */
public final class ConnectionsView extends ViewPart implements ClusterConnection.Listener, ClusterRegistry.Listener {

    public static final String ID = "dev.flotilla.ui.views.connections";
    public static final String TABLE = "dev.flotilla.ui.connections.table";
    public static final String URL_FIELD = "dev.flotilla.ui.connections.url";
    public static final String CONNECT_BUTTON = "dev.flotilla.ui.connections.connect";
    public static final String MESSAGE_LINE = "dev.flotilla.ui.connections.message";

    private final ClusterConnection connection = ClusterConnection.active();
    private final ClusterRegistry registry = ClusterRegistry.get();
    private final Map<String, Image> swatches = new HashMap<>();
    private TableViewer viewer;
    private Text urlField;
    private CLabel messageLine;
    private Action connectAction;
    private Action disconnectAction;
    private Action editAction;
    private Action removeAction;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);

        Composite bar = new Composite(root, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(6, 4).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("URL:");
        urlField = Widgets.id(new Text(bar, SWT.BORDER | SWT.SINGLE | SWT.SEARCH), URL_FIELD);
        urlField.setMessage(ClusterEndpoint.DEFAULT);
        urlField.setToolTipText("Client URL of any node; Enter connects for this session");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(urlField);
        urlField.addListener(SWT.DefaultSelection, e -> connectToTypedUrl());
        Button connect = Widgets.id(new Button(bar, SWT.PUSH), CONNECT_BUTTON);
        connect.setText("Connect");
        connect.addListener(SWT.Selection, e -> connectToTypedUrl());

        messageLine = Widgets.id(new CLabel(root, SWT.NONE), MESSAGE_LINE);
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(messageLine);
        messageLine.setVisible(false);

        viewer = new TableViewer(root, SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        Widgets.id(viewer.getTable(), TABLE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable());
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column("Cluster", 150, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                ClusterProfile p = (ClusterProfile) element;
                return p.name() + (registry.isSaved(p) ? "" : " (this session)");
            }

            @Override
            public Image getImage(Object element) {
                return swatch(((ClusterProfile) element).colour());
            }

            @Override
            public Font getFont(Object element) {
                return isActive((ClusterProfile) element) ? JFaceResources.getFontRegistry()
                        .getBold(JFaceResources.DEFAULT_FONT) : null;
            }
        });
        column("Endpoints", 240, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                ClusterProfile p = (ClusterProfile) element;
                return p.endpointList() + (p.caFile() != null || p.certFile() != null ? " · TLS" : "")
                        + (p.username() != null ? " · user " + p.username() : "");
            }
        });
        column("State", 260, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return isActive((ClusterProfile) element) ? ConnectionStatusItem.text(connection.status())
                        .replaceFirst("^[^·]*· ", "") : "";
            }

            @Override
            public Color getForeground(Object element) {
                return isActive((ClusterProfile) element)
                        && connection.status().state() == ClusterConnection.State.UNREACHABLE
                                ? Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED) : null;
            }
        });
        viewer.addDoubleClickListener(e -> connectSelected());
        viewer.addSelectionChangedListener(e -> updateActions());
        createActions();
        viewer.setInput(registry.profiles());
        registry.addListener(this);
        connection.addListener(this);
        if (registry.loadProblem() != null) {
            showMessage(registry.loadProblem());
        }
        updateActions();
    }

    private void column(String title, int width, ColumnLabelProvider labels) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(labels);
    }

    private boolean isActive(ClusterProfile p) {
        ClusterProfile active = connection.profile();
        return active != null && active.id().equals(p.id());
    }

    private Image swatch(String colour) {
        return swatches.computeIfAbsent(colour, c -> {
            Display display = viewer.getControl().getDisplay();
            Image image = new Image(display, 14, 14);
            GC gc = new GC(image);
            Color fill = new Color(display, Widgets.rgb(c));
            try {
                gc.setBackground(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND));
                gc.fillRectangle(0, 0, 14, 14);
                gc.setBackground(fill);
                gc.fillRoundRectangle(1, 1, 12, 12, 4, 4);
                gc.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
                gc.drawRoundRectangle(1, 1, 11, 11, 4, 4);
            } finally {
                gc.dispose();
                fill.dispose();
            }
            return image;
        });
    }

    private void createActions() {
        Action add = action("Add Cluster…", "icons/full/obj16/add_obj.png", this::addCluster);
        editAction = action("Edit…", "icons/full/etool16/editor_area.png", this::editSelected);
        removeAction = action("Remove", "icons/full/etool16/delete.png", this::removeSelected);
        connectAction = action("Connect", "icons/full/elcl16/synced.png", this::connectSelected);
        disconnectAction = action("Disconnect", "icons/full/elcl16/stop.png",
                () -> connection.disconnect("Disconnected"));
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(connectAction);
        toolBar.add(disconnectAction);
        toolBar.add(new Separator());
        toolBar.add(add);
        toolBar.add(editAction);
        toolBar.add(removeAction);
        MenuManager menu = new MenuManager();
        menu.add(connectAction);
        menu.add(disconnectAction);
        menu.add(new Separator());
        menu.add(add);
        menu.add(editAction);
        menu.add(removeAction);
        viewer.getTable().setMenu(menu.createContextMenu(viewer.getTable()));
        getSite().registerContextMenu(menu, viewer);
        getSite().setSelectionProvider(viewer);
    }

    private static Action action(String text, String icon, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        ResourceLocator.imageDescriptorFromBundle("org.eclipse.ui", icon).ifPresent(a::setImageDescriptor);
        return a;
    }

    private void updateActions() {
        ClusterProfile selected = selected();
        connectAction.setEnabled(selected != null && !isActive(selected));
        disconnectAction.setEnabled(connection.profile() != null);
        editAction.setEnabled(selected != null);
        removeAction.setEnabled(selected != null);
    }

    private ClusterProfile selected() {
        return ((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof ClusterProfile p ? p : null;
    }

    /** Makes the selected cluster the active one. */
    public void connectSelected() {
        ClusterProfile p = selected();
        if (p != null) {
            connect(p);
        }
    }

    private void connect(ClusterProfile p) {
        showMessage(null);
        if (!connection.connect(p)) {
            showMessage(connection.status().detail());
        }
    }

    private void connectToTypedUrl() {
        try {
            ClusterEndpoint endpoint = ClusterEndpoint.parse(urlField.getText(), "URL");
            ClusterProfile existing = registry.profiles().stream()
                    .filter(p -> p.endpoints().equals(List.of(endpoint.uri()))).findFirst().orElse(null);
            ClusterProfile p = existing != null ? existing : ClusterProfile.create(endpoint.uri().getAuthority(),
                    List.of(endpoint.uri()), registry.nextColour());
            if (existing == null) {
                registry.addTransient(p);
            }
            connect(p);
        } catch (InvalidEndpointException e) {
            showMessage(e.getMessage());
        }
    }

    private void addCluster() {
        ClusterProfile fresh = ClusterProfile.create("cluster " + (registry.profiles().size() + 1),
                List.of(), registry.nextColour());
        ClusterProfileDialog dialog = new ClusterProfileDialog(getSite().getShell(), fresh, null);
        if (dialog.open() == IDialogConstants.OK_ID) {
            store(dialog.result(), dialog.password());
        }
    }

    private void editSelected() {
        ClusterProfile p = selected();
        if (p == null) {
            return;
        }
        String password;
        try {
            password = p.username() == null ? null : SecretStore.password(p.id());
        } catch (StorageException e) {
            password = null;
            showMessage("The stored password could not be read: " + e.getMessage());
        }
        ClusterProfileDialog dialog = new ClusterProfileDialog(getSite().getShell(), p, password);
        if (dialog.open() == IDialogConstants.OK_ID) {
            store(dialog.result(), dialog.password());
            if (isActive(p)) {
                connect(dialog.result()); // reconnect with what changed
            }
        }
    }

    private void store(ClusterProfile p, String password) {
        try {
            SecretStore.setPassword(p.id(), password);
            registry.save(p);
        } catch (StorageException | BackingStoreException e) {
            Problems.show("Cluster Not Saved", Problems.describe("Could not save cluster " + p.name(), e));
        }
    }

    private void removeSelected() {
        ClusterProfile p = selected();
        if (p == null || !MessageDialog.openConfirm(getSite().getShell(), "Remove Cluster", "Remove " + p.name()
                + " and its stored password from this workbench? The cluster itself is not touched.")) {
            return;
        }
        if (isActive(p)) {
            connection.disconnect("Disconnected");
        }
        try {
            registry.remove(p);
        } catch (BackingStoreException e) {
            Problems.show("Remove Cluster", Problems.describe("Could not remove " + p.name(), e));
        }
    }

    private void showMessage(String message) {
        boolean show = message != null && !message.isBlank();
        messageLine.setText(show ? message : "");
        messageLine.setImage(show ? PlatformUI.getWorkbench().getSharedImages()
                .getImage(ISharedImages.IMG_OBJS_ERROR_TSK) : null);
        ((org.eclipse.swt.layout.GridData) messageLine.getLayoutData()).exclude = !show;
        messageLine.setVisible(show);
        messageLine.getParent().layout(true, true);
    }

    @Override
    public void clustersChanged() {
        onUi(() -> viewer.setInput(registry.profiles()));
    }

    @Override
    public void clusterChanged(ClusterProfile profile) {
        onUi(() -> {
            if (profile != null && !urlField.isFocusControl()) {
                urlField.setText(profile.endpoints().isEmpty() ? "" : profile.endpoints().get(0).toString());
            }
            viewer.refresh();
            updateActions();
        });
    }

    @Override
    public void statusChanged(ClusterConnection.Status status) {
        onUi(() -> viewer.refresh());
    }

    private void onUi(Runnable r) {
        dev.flotilla.ui.support.Background.onUi(viewer.getControl(), r);
    }

    public TableViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        registry.removeListener(this);
        connection.removeListener(this);
        swatches.values().forEach(Image::dispose);
        super.dispose();
    }
}
