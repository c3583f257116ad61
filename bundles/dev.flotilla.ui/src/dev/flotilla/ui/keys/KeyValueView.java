package dev.flotilla.ui.keys;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.connection.ConnectionStatusItem;
import dev.flotilla.ui.connection.InvalidEndpointException;

/**
 * The store as a tree: directories and keys with value, TTL and modification index, the selected key's
 * value (JSON pretty-printed) beside it. Loads in a {@link LoadKeysJob}; the UI thread only swaps inputs.
 * F5 / the toolbar reload; typing another endpoint and pressing Enter switches clusters.
 */
public final class KeyValueView extends ViewPart implements ClusterConnection.Listener {

    public static final String ID = "dev.flotilla.ui.views.keyValue";
    /** The standard Refresh command, bound to F5 by the workbench. */
    static final String REFRESH_COMMAND = "org.eclipse.ui.file.refresh";

    /** Widget ids ({@link ConnectionStatusItem#WIDGET_KEY} data) for tests and accessibility tools. */
    public static final String ENDPOINT_FIELD = "dev.flotilla.ui.keys.endpoint";
    public static final String CONNECT_BUTTON = "dev.flotilla.ui.keys.connect";
    public static final String MESSAGE_LINE = "dev.flotilla.ui.keys.message";
    public static final String DETAIL_VALUE = "dev.flotilla.ui.keys.detailValue";

    private final ClusterConnection connection = ClusterConnection.active();

    private TreeViewer viewer;
    private Text endpointField;
    private CLabel messageLine;
    private Text detailKey;
    private Text detailMeta;
    private Text detailValue;
    private Action refreshAction;
    private boolean loadedOnce;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);

        createEndpointBar(root);

        messageLine = new CLabel(root, SWT.NONE);
        messageLine.setData(ConnectionStatusItem.WIDGET_KEY, MESSAGE_LINE);
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(messageLine);
        messageLine.setVisible(false);

        SashForm sash = new SashForm(root, SWT.HORIZONTAL | SWT.SMOOTH);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        createTree(sash);
        createDetails(sash);
        sash.setWeights(68, 32);

        createActions();
        connection.addListener(this);
        if (connection.endpoint() != null) {
            load();
        } else {
            showMessage(connection.status().detail(), true);
        }
    }

    private void createEndpointBar(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(6, 4).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);

        Label label = new Label(bar, SWT.NONE);
        label.setText("Endpoint:");
        endpointField = new Text(bar, SWT.BORDER | SWT.SINGLE | SWT.SEARCH);
        endpointField.setData(ConnectionStatusItem.WIDGET_KEY, ENDPOINT_FIELD);
        endpointField.setMessage(ClusterEndpoint.DEFAULT);
        endpointField.setToolTipText("etcd v2 API of any node of the cluster; Enter connects");
        if (connection.endpoint() != null) {
            endpointField.setText(connection.endpoint().toString());
        }
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(endpointField);
        endpointField.addListener(SWT.DefaultSelection, e -> connectToTypedEndpoint());

        Button connect = new Button(bar, SWT.PUSH);
        connect.setText("Connect");
        connect.setData(ConnectionStatusItem.WIDGET_KEY, CONNECT_BUTTON);
        connect.addListener(SWT.Selection, e -> connectToTypedEndpoint());
    }

    private void createTree(Composite parent) {
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.setUseHashlookup(true);
        viewer.setComparer(new ByKey());
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.setContentProvider(new KeyTreeContentProvider());
        ColumnViewerToolTipSupport.enableFor(viewer);

        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        column("Key", 260, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return ((KeyNode) element).name();
            }

            @Override
            public Image getImage(Object element) {
                return images.getImage(((KeyNode) element).dir() ? ISharedImages.IMG_OBJ_FOLDER
                        : ISharedImages.IMG_OBJ_FILE);
            }

            @Override
            public String getToolTipText(Object element) {
                return ((KeyNode) element).key();
            }
        });
        column("Value", 340, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                KeyNode node = (KeyNode) element;
                return node.dir() ? childrenSummary(node) : ValueFormat.cell(node.value());
            }
        });
        column("TTL", 70, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                Long ttl = ((KeyNode) element).ttl();
                return ttl == null ? "" : ttl + " s";
            }
        });
        column("Modified", 80, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return Long.toString(((KeyNode) element).modifiedIndex());
            }

            @Override
            public String getToolTipText(Object element) {
                KeyNode node = (KeyNode) element;
                return "created at index " + node.createdIndex() + ", modified at index " + node.modifiedIndex();
            }
        });
        viewer.addSelectionChangedListener(e -> showDetails((IStructuredSelection) e.getSelection()));
        viewer.addDoubleClickListener(e -> {
            Object element = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (element instanceof KeyNode node && node.dir()) {
                viewer.setExpandedState(node, !viewer.getExpandedState(node));
            }
        });
        getSite().setSelectionProvider(viewer);
    }

    private void column(String title, int width, ColumnLabelProvider labels) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.getColumn().setMoveable(true);
        column.setLabelProvider(labels);
    }

    private static String childrenSummary(KeyNode dir) {
        int n = dir.children().size();
        return n == 0 ? "(empty directory)" : "(" + n + (n == 1 ? " entry)" : " entries)");
    }

    private void createDetails(Composite parent) {
        Composite details = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(8, 6).spacing(4, 4).applyTo(details);
        detailKey = new Text(details, SWT.READ_ONLY | SWT.SINGLE);
        detailKey.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().grab(true, false).applyTo(detailKey);
        detailMeta = new Text(details, SWT.READ_ONLY | SWT.SINGLE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(detailMeta);
        detailValue = new Text(details, SWT.READ_ONLY | SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        detailValue.setFont(JFaceResources.getTextFont());
        detailValue.setData(ConnectionStatusItem.WIDGET_KEY, DETAIL_VALUE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(detailValue);
        showDetails(StructuredSelection.EMPTY);
    }

    private void showDetails(IStructuredSelection selection) {
        if (selection.getFirstElement() instanceof KeyNode node) {
            detailKey.setText(node.key());
            detailMeta.setText((node.dir() ? "Directory, " + childrenSummary(node).replaceAll("[()]", "") : "Key")
                    + " · created " + node.createdIndex() + " · modified " + node.modifiedIndex()
                    + (node.ttl() == null ? "" : " · TTL " + node.ttl() + " s"));
            detailValue.setText(node.dir() ? "" : ValueFormat.detail(node.value()));
        } else {
            detailKey.setText("No key selected");
            detailMeta.setText("Select a key to see its value");
            detailValue.setText("");
        }
    }

    private void createActions() {
        refreshAction = new Action("Refresh") {
            @Override
            public void run() {
                load();
            }
        };
        refreshAction.setToolTipText("Reload all keys from the cluster (F5)");
        refreshAction.setActionDefinitionId(REFRESH_COMMAND);
        refreshAction.setImageDescriptor(platformIcon("icons/full/elcl16/refresh_nav.png"));

        Action expandAll = new Action("Expand All") {
            @Override
            public void run() {
                viewer.expandAll();
            }
        };
        expandAll.setImageDescriptor(platformIcon("icons/full/elcl16/expandall.png"));
        Action collapseAll = new Action("Collapse All") {
            @Override
            public void run() {
                viewer.collapseAll();
            }
        };
        collapseAll.setImageDescriptor(platformIcon("icons/full/elcl16/collapseall.png"));

        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(refreshAction);
        toolBar.add(expandAll);
        toolBar.add(collapseAll);

        getSite().getService(IHandlerService.class).activateHandler(REFRESH_COMMAND, new AbstractHandler() {
            @Override
            public Object execute(ExecutionEvent event) {
                load();
                return null;
            }
        });
    }

    private static ImageDescriptor platformIcon(String path) {
        return ResourceLocator.imageDescriptorFromBundle("org.eclipse.ui", path).orElse(null);
    }

    private void connectToTypedEndpoint() {
        try {
            connection.connect(ClusterEndpoint.parse(endpointField.getText(), "Endpoint field"));
        } catch (InvalidEndpointException e) {
            showMessage(e.getMessage(), true);
        }
    }

    /** Reloads the whole store in the background; a load still running is canceled first. */
    public void load() {
        ClusterEndpoint endpoint = connection.endpoint();
        if (endpoint == null) {
            return;
        }
        Job.getJobManager().cancel(LoadKeysJob.FAMILY);
        LoadKeysJob job = new LoadKeysJob(connection, endpoint, this::loaded, this::failed);
        job.schedule();
    }

    private void loaded(KeysSnapshot snapshot) {
        asyncOnUi(() -> {
            Object[] expanded = viewer.getExpandedElements();
            viewer.getTree().setRedraw(false);
            try {
                viewer.setInput(snapshot.root());
                if (loadedOnce) {
                    viewer.setExpandedElements(expanded);
                } else {
                    viewer.expandToLevel(2);
                    loadedOnce = true;
                }
            } finally {
                viewer.getTree().setRedraw(true);
            }
            showMessage(snapshot.root().children().isEmpty() ? "The store is empty." : null, false);
            showDetails(viewer.getStructuredSelection());
        });
    }

    private void failed(String message) {
        asyncOnUi(() -> {
            viewer.setInput(null);
            showMessage(message, true);
        });
    }

    private void asyncOnUi(Runnable update) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        viewer.getControl().getDisplay().asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                update.run();
            }
        });
    }

    private void showMessage(String message, boolean error) {
        boolean show = message != null && !message.isBlank();
        messageLine.setText(show ? message : "");
        messageLine.setImage(show ? PlatformUI.getWorkbench().getSharedImages().getImage(
                error ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_INFO_TSK) : null);
        ((GridData) messageLine.getLayoutData()).exclude = !show;
        messageLine.setVisible(show);
        messageLine.getParent().layout(true, true);
    }

    @Override
    public void endpointChanged(ClusterEndpoint endpoint) {
        asyncOnUi(() -> {
            if (!endpointField.getText().strip().equals(endpoint.toString())) {
                endpointField.setText(endpoint.toString());
            }
            loadedOnce = false;
            viewer.setInput(null);
            showMessage(null, false);
            load();
        });
    }

    /** The tree, for tests and for other parts that follow the selection. */
    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        connection.removeListener(this);
        Job.getJobManager().cancel(LoadKeysJob.FAMILY);
        super.dispose();
    }

    /** Nodes are equal across refreshes when their keys are, so expansion and selection survive a reload. */
    private static final class ByKey implements IElementComparer {
        @Override
        public boolean equals(Object a, Object b) {
            return a instanceof KeyNode x && b instanceof KeyNode y ? x.key().equals(y.key()) : a == b;
        }

        @Override
        public int hashCode(Object element) {
            return element instanceof KeyNode node ? node.key().hashCode() : System.identityHashCode(element);
        }
    }

}
