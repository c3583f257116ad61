package dev.flotilla.ui.keys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
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
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.core.client.SetOptions;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * The store as a tree beside an editor for the selected key. Reads everything once in a {@link LoadKeysJob},
 * then follows the cluster with {@link WatchKeysJob}s: events are queued by the watch threads and applied
 * on the UI thread in batches, so a burst of changes costs one repaint. Saving is a compare-and-swap on
 * the index the editor was filled from; when someone else changed the key meanwhile a
 * {@link ConflictDialog} says so. TTLs count down every second without asking the cluster.
 */
public final class KeyValueView extends ViewPart implements ClusterConnection.Listener {

    public static final String ID = "dev.flotilla.ui.views.keyValue";

    /** Widget ids ({@link Widgets#ID} data) for tests and accessibility tools. */
    public static final String TREE = "dev.flotilla.ui.keys.tree";
    public static final String MESSAGE_LINE = "dev.flotilla.ui.keys.message";
    public static final String DETAIL_KEY = "dev.flotilla.ui.keys.detailKey";
    public static final String DETAIL_META = "dev.flotilla.ui.keys.detailMeta";
    public static final String DETAIL_VALUE = "dev.flotilla.ui.keys.detailValue";
    public static final String SAVE_BUTTON = "dev.flotilla.ui.keys.save";
    public static final String PRETTY_BUTTON = "dev.flotilla.ui.keys.pretty";

    /** Hidden directories shown when "Show hidden keys" is on (etcd never lists "_" keys by themselves). */
    public static final List<String> HIDDEN_ROOTS = List.of("/_flotilla");
    private static final String SHOW_HIDDEN_PREFERENCE = "keys.showHidden";

    private final ClusterConnection connection = ClusterConnection.active();
    private final ConcurrentLinkedQueue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    private TreeViewer viewer;
    private CLabel messageLine;
    private Text detailKey;
    private Text detailMeta;
    private Text valueEditor;
    private Button saveButton;
    private Button revertButton;
    private Button prettyButton;

    private KeyTree tree = new KeyTree();
    private int generation;
    private LoadKeysJob loadJob;
    private final List<WatchKeysJob> watchJobs = new ArrayList<>();
    private boolean showHidden;
    private long appliedEvents;

    /** What the editor holds: the entry, the index and value it was filled from, what was shown. */
    private KeyEntry editing;
    private long editBaseIndex;
    private String editBaseValue;
    private String editShownText = "";
    private boolean settingEditorText;

    private Action refreshAction;
    private Action newKeyAction;
    private Action newDirAction;
    private Action deleteAction;
    private Action showHiddenAction;

    @Override
    public void createPartControl(Composite parent) {
        showHidden = InstanceScope.INSTANCE.getNode(Problems.PLUGIN).getBoolean(SHOW_HIDDEN_PREFERENCE, false);
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);

        messageLine = Widgets.id(new CLabel(root, SWT.NONE), MESSAGE_LINE);
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(messageLine);
        messageLine.setVisible(false);

        SashForm sash = new SashForm(root, SWT.HORIZONTAL | SWT.SMOOTH);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        createTree(sash);
        createEditor(sash);
        sash.setWeights(60, 40);

        createActions();
        connection.addListener(this);
        startTtlTicker(root.getDisplay());
        load();
    }

    private void createTree(Composite parent) {
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        Widgets.id(viewer.getTree(), TREE);
        viewer.setUseHashlookup(true);
        viewer.setComparer(new ByKey());
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return input instanceof KeyEntry e ? e.children().toArray() : new Object[0];
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                return ((KeyEntry) parentElement).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                KeyEntry p = ((KeyEntry) element).parent();
                return p == null || p.parent() == null ? null : p;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((KeyEntry) element).children().isEmpty();
            }
        });
        ColumnViewerToolTipSupport.enableFor(viewer);

        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        column("Key", 200, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return ((KeyEntry) element).name();
            }

            @Override
            public Image getImage(Object element) {
                return images.getImage(((KeyEntry) element).dir() ? ISharedImages.IMG_OBJ_FOLDER
                        : ISharedImages.IMG_OBJ_FILE);
            }

            @Override
            public String getToolTipText(Object element) {
                return ((KeyEntry) element).key();
            }
        });
        column("Value", 220, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                KeyEntry e = (KeyEntry) element;
                return e.dir() ? childrenSummary(e) : ValueFormat.cell(e.value());
            }
        });
        column("TTL", 60, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return ttlText((KeyEntry) element);
            }
        });
        column("Modified", 75, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return Long.toString(((KeyEntry) element).modifiedIndex());
            }

            @Override
            public String getToolTipText(Object element) {
                KeyEntry e = (KeyEntry) element;
                return "created at index " + e.createdIndex() + ", modified at index " + e.modifiedIndex();
            }
        });
        viewer.addSelectionChangedListener(e -> selectionChanged((IStructuredSelection) e.getSelection()));
        viewer.addDoubleClickListener(e -> {
            Object element = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (element instanceof KeyEntry entry && entry.dir()) {
                viewer.setExpandedState(entry, !viewer.getExpandedState(entry));
            }
        });
        viewer.getTree().addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.DEL && deleteAction.isEnabled()) {
                deleteAction.run();
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

    private static String childrenSummary(KeyEntry dir) {
        int n = dir.children().size();
        return n == 0 ? "(empty directory)" : "(" + n + (n == 1 ? " entry)" : " entries)");
    }

    private static String ttlText(KeyEntry e) {
        Long left = e.ttlLeft(System.nanoTime());
        return left == null ? "" : left + " s";
    }

    private void createEditor(Composite parent) {
        Composite details = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(8, 6).spacing(6, 4).applyTo(details);
        detailKey = Widgets.id(new Text(details, SWT.READ_ONLY | SWT.SINGLE), DETAIL_KEY);
        detailKey.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(detailKey);
        detailMeta = Widgets.id(new Text(details, SWT.READ_ONLY | SWT.SINGLE), DETAIL_META);
        GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(detailMeta);
        valueEditor = Widgets.id(new Text(details, SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL), DETAIL_VALUE);
        valueEditor.setFont(JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().span(3, 1).grab(true, true).applyTo(valueEditor);
        valueEditor.addModifyListener(e -> {
            if (!settingEditorText) {
                updateEditorButtons();
            }
        });
        valueEditor.addListener(SWT.KeyDown, e -> {
            if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 's' || e.keyCode == 'S') && saveButton.isEnabled()) {
                e.doit = false;
                save();
            }
        });

        prettyButton = Widgets.id(new Button(details, SWT.CHECK), PRETTY_BUTTON);
        prettyButton.setText("Pretty JSON");
        prettyButton.setSelection(true);
        prettyButton.setToolTipText("Show JSON values indented; they are saved back on one line");
        prettyButton.addListener(SWT.Selection, e -> fillEditor(editing, false));
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.BEGINNING, SWT.CENTER).applyTo(prettyButton);
        revertButton = new Button(details, SWT.PUSH);
        revertButton.setText("Revert");
        revertButton.addListener(SWT.Selection, e -> fillEditor(editing, false));
        saveButton = Widgets.id(new Button(details, SWT.PUSH), SAVE_BUTTON);
        saveButton.setText("Save (compare-and-swap)");
        saveButton.setToolTipText("Writes the value only if nobody changed the key since it was shown (Ctrl+S)");
        saveButton.addListener(SWT.Selection, e -> save());
        fillEditor(null, false);
    }

    private void createActions() {
        refreshAction = action("Refresh", "Read all keys again (F5)", "icons/full/elcl16/refresh_nav.png",
                this::load);
        refreshAction.setActionDefinitionId("org.eclipse.ui.file.refresh");
        newKeyAction = action("New Key…", "Create a key in the selected directory", "icons/full/obj16/file_obj.png",
                () -> create(false));
        newDirAction = action("New Directory…", "Create a directory", "icons/full/obj16/fldr_obj.png",
                () -> create(true));
        deleteAction = action("Delete…", "Delete the selected keys and directories (Delete)",
                "icons/full/etool16/delete.png", this::deleteSelected);
        showHiddenAction = new Action("Show Hidden Keys", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                showHidden = isChecked();
                InstanceScope.INSTANCE.getNode(Problems.PLUGIN).putBoolean(SHOW_HIDDEN_PREFERENCE, showHidden);
                load();
            }
        };
        showHiddenAction.setToolTipText("Also show " + String.join(", ", HIDDEN_ROOTS)
                + " (keys starting with _ that etcd leaves out of listings)");
        showHiddenAction.setChecked(showHidden);
        Action expandAll = action("Expand All", null, "icons/full/elcl16/expandall.png", () -> viewer.expandAll());
        Action collapseAll = action("Collapse All", null, "icons/full/elcl16/collapseall.png",
                () -> viewer.collapseAll());

        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(refreshAction);
        toolBar.add(new Separator());
        toolBar.add(newKeyAction);
        toolBar.add(newDirAction);
        toolBar.add(deleteAction);
        toolBar.add(new Separator());
        toolBar.add(expandAll);
        toolBar.add(collapseAll);
        getViewSite().getActionBars().getMenuManager().add(showHiddenAction);
        getViewSite().getActionBars().setGlobalActionHandler("org.eclipse.ui.file.refresh", refreshAction);
        getViewSite().getActionBars().setGlobalActionHandler("refresh", refreshAction);
        getViewSite().getActionBars().setGlobalActionHandler("delete", deleteAction);

        MenuManager context = new MenuManager();
        context.setRemoveAllWhenShown(true);
        context.addMenuListener(menu -> fillContextMenu(menu));
        viewer.getTree().setMenu(context.createContextMenu(viewer.getTree()));
        getSite().registerContextMenu(context, viewer);
        updateActions();
    }

    private void fillContextMenu(IMenuManager menu) {
        menu.add(newKeyAction);
        menu.add(newDirAction);
        menu.add(deleteAction);
        menu.add(new Separator());
        menu.add(refreshAction);
        menu.add(showHiddenAction);
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
    }

    private static Action action(String text, String tooltip, String icon, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(tooltip == null ? text : tooltip);
        ImageDescriptor image = ResourceLocator.imageDescriptorFromBundle("org.eclipse.ui", icon).orElse(null);
        a.setImageDescriptor(image);
        return a;
    }

    private void updateActions() {
        boolean connected = connection.client() != null;
        IStructuredSelection sel = viewer.getStructuredSelection();
        refreshAction.setEnabled(connected);
        newKeyAction.setEnabled(connected);
        newDirAction.setEnabled(connected);
        deleteAction.setEnabled(connected && !sel.isEmpty());
    }

    // ------------------------------------------------------------------ loading and following

    /** Reads everything again in the background and follows it from there; cancels what ran before. */
    public void load() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        stopJobs();
        int gen = ++generation;
        KeysClient client = connection.client();
        ClusterProfile profile = connection.profile();
        if (client == null) {
            tree = new KeyTree();
            viewer.setInput(null);
            showMessage(connection.status().detail().isEmpty() ? "Not connected: choose a cluster in the "
                    + "Connections view." : connection.status().detail(), true);
            fillEditor(null, false);
            updateActions();
            return;
        }
        List<String> roots = new ArrayList<>();
        roots.add("/");
        if (showHidden) {
            roots.addAll(HIDDEN_ROOTS);
        }
        loadJob = new LoadKeysJob(profile.name(), client, roots,
                snapshot -> Background.onUi(viewer.getControl(), () -> loaded(gen, client, roots, snapshot)),
                failure -> Background.onUi(viewer.getControl(), () -> {
                    if (gen == generation) {
                        connection.suspectLost();
                        showMessage(Problems.describe("Cannot read the keys of " + profile.name(), failure)
                                + " · trying again in 3 s", true);
                        viewer.getControl().getDisplay().timerExec(3000, () -> {
                            if (gen == generation && !viewer.getControl().isDisposed()) {
                                load();
                            }
                        });
                    }
                }));
        loadJob.schedule();
    }

    private void loaded(int gen, KeysClient client, List<String> roots, LoadKeysJob.Snapshot snapshot) {
        if (gen != generation) {
            return;
        }
        pending.clear();
        KeyTree fresh = new KeyTree();
        long now = System.nanoTime();
        snapshot.subtrees().forEach(n -> fresh.load(n, now));
        boolean first = viewer.getInput() == null;
        Object[] expanded = viewer.getExpandedElements();
        tree = fresh;
        viewer.getTree().setRedraw(false);
        try {
            viewer.setInput(fresh.root());
            if (first) {
                viewer.expandToLevel(2);
            } else {
                viewer.setExpandedElements(expanded);
            }
        } finally {
            viewer.getTree().setRedraw(true);
        }
        showMessage(fresh.root().children().isEmpty() ? "The store is empty: create a key with New Key…" : null,
                false);
        if (editing != null) {
            KeyEntry again = fresh.find(editing.key());
            if (again == null || !isDirty()) {
                fillEditor(again, false);
            } else {
                editing = again;
            }
        }
        for (String root : roots) {
            WatchKeysJob job = new WatchKeysJob(client, root, snapshot.etcdIndex(),
                    event -> eventArrived(gen, event), () -> Background.onUi(viewer.getControl(), () -> {
                        if (gen == generation) {
                            load();
                        }
                    }));
            watchJobs.add(job);
            job.schedule();
        }
        updateActions();
    }

    /** On a watch thread: queue, and make sure one flush is on its way to the UI thread. */
    private void eventArrived(int gen, KeysResult event) {
        pending.add(new Object[] { gen, event });
        if (flushQueued.compareAndSet(false, true)) {
            Background.onUi(viewer.getControl(), this::flush);
        }
    }

    /** Applies every queued event, then refreshes each changed part of the tree once. */
    private void flush() {
        flushQueued.set(false);
        Set<KeyEntry> structural = new HashSet<>();
        Set<KeyEntry> updated = new HashSet<>();
        long now = System.nanoTime();
        Object[] item;
        while ((item = pending.poll()) != null) {
            if ((int) item[0] != generation) {
                continue;
            }
            KeyTree.Change change = tree.apply((KeysResult) item[1], now);
            appliedEvents++;
            if (change != null) {
                (change.structure() ? structural : updated).add(change.entry());
            }
        }
        if (structural.isEmpty() && updated.isEmpty()) {
            return;
        }
        viewer.getTree().setRedraw(false);
        try {
            structural.forEach(this::refresh);
            for (KeyEntry e : updated) {
                viewer.update(e, null);
                if (e.parent() != null && e.parent().parent() != null) {
                    viewer.update(e.parent(), null);
                }
            }
        } finally {
            viewer.getTree().setRedraw(true);
        }
        if (editing != null) {
            KeyEntry now2 = tree.find(editing.key());
            if (now2 == null) {
                detailMeta.setText("Deleted on the cluster" + (isDirty() ? "; saving will create it again" : ""));
                if (!isDirty()) {
                    fillEditor(null, false);
                }
            } else if (now2.modifiedIndex() != editBaseIndex) {
                if (isDirty()) {
                    editing = now2;
                    detailMeta.setText("Changed on the cluster at index " + now2.modifiedIndex()
                            + " while you edit it · saving will ask what to keep");
                } else {
                    fillEditor(now2, false);
                }
            }
        }
        // a change event only toggles the empty-store hint: it must not wipe "Saved ..." (its own echo)
        String emptyHint = "The store is empty: create a key with New Key…";
        if (tree.root().children().isEmpty()) {
            showMessage(emptyHint, false);
        } else if (emptyHint.equals(messageLine.getText())) {
            showMessage(null, false);
        }
    }

    private void stopJobs() {
        if (loadJob != null) {
            loadJob.cancel();
            loadJob = null;
        }
        watchJobs.forEach(Job::cancel);
        watchJobs.clear();
        pending.clear();
    }

    private void startTtlTicker(Display display) {
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                if (viewer.getControl().isDisposed()) {
                    return;
                }
                updateTtls(viewer.getTree().getItems());
                if (editing != null && editing.ttlLeft(System.nanoTime()) != null && !detailMeta.isFocusControl()) {
                    detailMeta.setText(meta(editing));
                }
                display.timerExec(1000, this);
            }
        };
        display.timerExec(1000, tick);
    }

    private void updateTtls(TreeItem[] items) {
        for (TreeItem item : items) {
            if (item.getData() instanceof KeyEntry e) {
                String ttl = ttlText(e);
                if (!ttl.equals(item.getText(2))) {
                    item.setText(2, ttl);
                }
                if (item.getExpanded()) {
                    updateTtls(item.getItems());
                }
            }
        }
    }

    // ------------------------------------------------------------------ editor

    private void selectionChanged(IStructuredSelection selection) {
        updateActions();
        KeyEntry selected = selection.getFirstElement() instanceof KeyEntry e ? e : null;
        if (selected == editing) {
            return;
        }
        if (isDirty() && editing != null && !MessageDialog.openQuestion(getSite().getShell(), "Unsaved Value",
                "Discard your changes to " + editing.key() + "?")) {
            viewer.setSelection(new StructuredSelection(editing), true);
            return;
        }
        fillEditor(selected, false);
    }

    private void fillEditor(KeyEntry entry, boolean keepMessage) {
        editing = entry;
        settingEditorText = true;
        try {
            if (entry == null) {
                detailKey.setText("No key selected");
                detailMeta.setText("Select a key to see and edit its value");
                editBaseValue = null;
                editBaseIndex = 0;
                editShownText = "";
                valueEditor.setText("");
                valueEditor.setEditable(false);
            } else {
                detailKey.setText(entry.key());
                detailMeta.setText(meta(entry));
                editBaseIndex = entry.modifiedIndex();
                editBaseValue = entry.value();
                editShownText = entry.dir() ? "" : prettyButton.getSelection() ? ValueFormat.pretty(entry.value())
                        : Objects.requireNonNullElse(entry.value(), "");
                valueEditor.setText(editShownText);
                valueEditor.setEditable(!entry.dir());
            }
        } finally {
            settingEditorText = false;
        }
        updateEditorButtons();
    }

    private String meta(KeyEntry e) {
        Long ttl = e.ttlLeft(System.nanoTime());
        return (e.dir() ? "Directory, " + childrenSummary(e).replaceAll("[()]", "")
                : ValueFormat.isJson(e.value()) ? "JSON key" : "Key")
                + " · created " + e.createdIndex() + " · modified " + e.modifiedIndex()
                + (ttl == null ? "" : " · expires in " + ttl + " s");
    }

    private boolean isDirty() {
        return editing != null && !editing.dir() && !valueEditor.getText().equals(editShownText);
    }

    private void updateEditorButtons() {
        boolean dirty = isDirty();
        saveButton.setEnabled(dirty && connection.client() != null);
        revertButton.setEnabled(dirty);
    }

    /** Compare-and-swap of the edited value on the index the editor was filled from. */
    public void save() {
        KeysClient client = connection.client();
        if (editing == null || editing.dir() || client == null) {
            return;
        }
        String value;
        try {
            value = valueToSave();
        } catch (IllegalArgumentException e) {
            showMessage("Not saved: " + e.getMessage() + " (uncheck Pretty JSON to save it as text)", true);
            return;
        }
        String key = editing.key();
        long base = editBaseIndex;
        Long ttl = editing.ttlLeft(System.nanoTime());
        saveButton.setEnabled(false);
        Background.run("Saving " + key, valueEditor, monitor -> client.set(key, value,
                SetOptions.DEFAULT.withPrevIndex(base).withTtl(ttl == null ? 0 : ttl)),
                result -> saved(key, result), failure -> saveFailed(client, key, value, base, failure));
    }

    private String valueToSave() {
        String text = valueEditor.getText();
        if (prettyButton.getSelection() && ValueFormat.isJson(editBaseValue)) {
            return ValueFormat.compact(text);
        }
        return text;
    }

    private void saved(String key, KeysResult result) {
        if (editing != null && editing.key().equals(key)) {
            KeyEntry entry = tree.apply(result, System.nanoTime()) == null ? editing : tree.find(key);
            viewer.update(entry, null);
            fillEditor(entry, false);
        }
        showMessage("Saved " + key + " at index " + result.node().modifiedIndex(), false);
    }

    private void saveFailed(KeysClient client, String key, String mine, long base, ClientException failure) {
        updateEditorButtons();
        if (failure instanceof EtcdException e && (e.errorCode() == EtcdError.TEST_FAILED
                || e.errorCode() == EtcdError.KEY_NOT_FOUND)) {
            // someone else won: fetch what is there now and let the user decide
            Background.run("Reading " + key, valueEditor, monitor -> {
                try {
                    return client.get(key).node();
                } catch (EtcdException gone) {
                    if (gone.errorCode() == EtcdError.KEY_NOT_FOUND) {
                        return null;
                    }
                    throw gone;
                }
            }, theirs -> resolveConflict(client, key, mine, base, theirs),
                    again -> showMessage(Problems.describe("Not saved " + key, again), true));
            return;
        }
        connection.suspectLost();
        Problems.show("Save Failed", Problems.describe("Could not save " + key, failure));
    }

    private void resolveConflict(KeysClient client, String key, String mine, long base, KeyNode theirs) {
        ConflictDialog dialog = new ConflictDialog(getSite().getShell(), key, mine,
                theirs == null ? null : theirs.value(), base, theirs == null ? 0 : theirs.modifiedIndex());
        int choice = dialog.open();
        if (choice == ConflictDialog.OVERWRITE) {
            SetOptions options = theirs == null ? SetOptions.DEFAULT.withPrevExist(false)
                    : SetOptions.DEFAULT.withPrevIndex(theirs.modifiedIndex());
            Background.run("Saving " + key, valueEditor, monitor -> client.set(key, mine, options),
                    result -> saved(key, result), failure -> saveFailed(client, key, mine,
                            theirs == null ? 0 : theirs.modifiedIndex(), failure));
        } else if (choice == ConflictDialog.TAKE_THEIRS) {
            KeyEntry entry = tree.find(key);
            if (entry != null && theirs != null && entry.modifiedIndex() < theirs.modifiedIndex()) {
                entry.set(false, theirs.value(), theirs.createdIndex(), theirs.modifiedIndex(), theirs.ttl(),
                        System.nanoTime());
            }
            fillEditor(entry, false);
            showMessage("Took the value on the cluster (index " + (theirs == null ? "-" : theirs.modifiedIndex())
                    + ")", false);
        } else {
            showMessage("Not saved: " + key + " changed on the cluster; your text is still in the editor", true);
        }
    }

    // ------------------------------------------------------------------ create and delete

    /** Asks for a new key in the selected directory and creates it (fails if it exists). */
    public void newKey() {
        create(false);
    }

    /** Asks for a new directory and creates it. */
    public void newDirectory() {
        create(true);
    }

    /** Turns the hidden directories ({@link #HIDDEN_ROOTS}) on or off, and reloads. */
    public void setShowHidden(boolean show) {
        showHiddenAction.setChecked(show);
        showHiddenAction.run();
    }

    private void create(boolean directory) {
        KeysClient client = connection.client();
        if (client == null) {
            return;
        }
        Object first = viewer.getStructuredSelection().getFirstElement();
        String base = "/";
        if (first instanceof KeyEntry e) {
            KeyEntry dir = e.dir() ? e : e.parent();
            base = dir == null || dir.key().equals("/") ? "/" : dir.key() + "/";
        }
        KeyDialog dialog = new KeyDialog(getSite().getShell(), directory, base);
        if (dialog.open() != IDialogConstants.OK_ID) {
            return;
        }
        String key = dialog.key();
        SetOptions options = SetOptions.DEFAULT.withPrevExist(false).withTtl(dialog.ttl()).withDir(directory);
        Background.run("Creating " + key, viewer.getControl(), monitor -> client.set(key, dialog.value(), options),
                result -> {
                    KeyTree.Change change = tree.apply(result, System.nanoTime());
                    if (change != null) {
                        refresh(change.entry());
                    }
                    KeyEntry made = tree.find(key);
                    if (made != null) {
                        viewer.setSelection(new StructuredSelection(made), true);
                    }
                    showMessage("Created " + key + " at index " + result.node().modifiedIndex(), false);
                }, failure -> Problems.show(directory ? "New Directory" : "New Key",
                        Problems.describe("Could not create " + key, failure)));
    }

    /** Deletes the selected keys and directories after the user confirms. */
    public void deleteSelected() {
        KeysClient client = connection.client();
        List<KeyEntry> targets = new ArrayList<>();
        for (Object o : viewer.getStructuredSelection()) {
            targets.add((KeyEntry) o);
        }
        if (client == null || targets.isEmpty()) {
            return;
        }
        int keys = targets.stream().mapToInt(KeyEntry::keyCount).sum();
        String what = targets.size() == 1 ? targets.get(0).key() + (targets.get(0).dir() ? " and the " + keys
                + (keys == 1 ? " key" : " keys") + " in it" : "") : targets.size() + " entries (" + keys
                + (keys == 1 ? " key" : " keys") + ")";
        ClusterProfile profile = connection.profile();
        MessageDialog confirm = new MessageDialog(getSite().getShell(), "Delete Keys", null,
                "Delete " + what + " from " + profile.name() + "? This cannot be undone.", MessageDialog.WARNING,
                1, "Delete", IDialogConstants.CANCEL_LABEL);
        if (confirm.open() != 0) {
            return;
        }
        List<String> paths = targets.stream().map(KeyEntry::key).toList();
        List<Boolean> dirs = targets.stream().map(KeyEntry::dir).toList();
        Background.run("Deleting " + what, viewer.getControl(), monitor -> {
            List<KeysResult> done = new ArrayList<>();
            for (int i = 0; i < paths.size() && !monitor.isCanceled(); i++) {
                boolean dir = dirs.get(i);
                done.add(client.delete(paths.get(i), new DeleteOptions(null, 0, dir, dir)));
            }
            return done;
        }, done -> {
            for (KeysResult r : done) {
                KeyTree.Change change = tree.apply(r, System.nanoTime());
                if (change != null) {
                    refresh(change.entry());
                }
            }
            showMessage("Deleted " + what, false);
        }, failure -> Problems.show("Delete Keys", Problems.describe("Could not delete " + what, failure)));
    }

    // ------------------------------------------------------------------ plumbing

    /** Refreshes the children of {@code entry}; the root is the viewer's input. */
    private void refresh(KeyEntry entry) {
        if (entry.parent() == null) {
            viewer.refresh();
        } else {
            viewer.refresh(entry);
        }
    }

    private void showMessage(String message, boolean error) {
        boolean show = message != null && !message.isBlank();
        if (messageLine.getVisible() == show && Objects.equals(messageLine.getText(), show ? message : "")) {
            return;
        }
        messageLine.setText(show ? message : "");
        messageLine.setImage(show ? PlatformUI.getWorkbench().getSharedImages().getImage(
                error ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_INFO_TSK) : null);
        ((GridData) messageLine.getLayoutData()).exclude = !show;
        messageLine.setVisible(show);
        messageLine.getParent().layout(true, true);
    }

    @Override
    public void clusterChanged(ClusterProfile profile) {
        Background.onUi(viewer.getControl(), () -> {
            viewer.setInput(null);
            fillEditor(null, false);
            showMessage(null, false);
            load();
        });
    }

    @Override
    public void reconnected() {
        Background.onUi(viewer.getControl(), this::load);
    }

    /** The tree, for tests and for other parts that follow the selection. */
    public TreeViewer viewer() {
        return viewer;
    }

    /** Watch events applied so far (for the benchmark and tests). */
    public long appliedEvents() {
        return appliedEvents;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        connection.removeListener(this);
        stopJobs();
        super.dispose();
    }

    /** Entries are equal across reloads when their keys are, so expansion and selection survive a reload. */
    private static final class ByKey implements IElementComparer {
        @Override
        public boolean equals(Object a, Object b) {
            return a instanceof KeyEntry x && b instanceof KeyEntry y ? x.key().equals(y.key()) : a == b;
        }

        @Override
        public int hashCode(Object element) {
            return element instanceof KeyEntry e ? e.key().hashCode() : System.identityHashCode(element);
        }
    }
}
