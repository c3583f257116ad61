package dev.flotilla.ui.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.DialogSettings;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabFolder2Adapter;
import org.eclipse.swt.custom.CTabFolderEvent;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IViewSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.ui.commands.ShowsUnits;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * Units' journals, followed live like {@code journalctl -f}: a tab per unit, or one tab for several units
 * merged (the Journal command on a multiple selection). A filter that keeps only matching lines and one that
 * highlights (text or regular expression), time and machine columns that can be hidden, a bounded buffer that
 * says how many lines it dropped, copy and save. Options live in the view's dialog settings, the open tabs in
 * its memento, so both survive a restart. All reading happens in {@link FollowJournalJob}s.
 */
public final class JournalView extends ViewPart implements ShowsUnits, ClusterConnection.Listener {

    public static final String ID = "dev.flotilla.ui.views.journal";
    public static final int DEFAULT_CAPACITY = 10_000;
    static final int BACKLOG = 200;
    private static final String SETTINGS = "JournalView";
    private static final String SHOW_TIME = "showTime";
    private static final String SHOW_MACHINE = "showMachine";
    private static final String FILTER = "filter";
    private static final String FILTER_REGEX = "filterRegex";
    private static final String HIGHLIGHT = "highlight";
    private static final String HIGHLIGHT_REGEX = "highlightRegex";
    private static final String CAPACITY = "capacity";
    private static final String TAB = "tab";
    private static final String UNITS = "units";

    private IDialogSettings settings;
    private IMemento memento;
    private CTabFolder folder;
    private Label hint;
    private Label problem;
    private Text filterText;
    private Button filterRegex;
    private Text highlightText;
    private Button highlightRegex;
    private LocalResourceManager images;
    private Image tabImage;
    private IAction scrollLock;
    private IAction jumpToLive;
    private IAction showTime;
    private IAction showMachine;
    private IAction copy;
    private IAction save;
    private IAction clear;
    private final List<JournalTab> tabs = new ArrayList<>();
    private LineFilter filter = LineFilter.NONE;
    private LineFilter highlight = LineFilter.NONE;

    @Override
    public void init(IViewSite site, IMemento viewMemento) throws PartInitException {
        super.init(site, viewMemento);
        this.memento = viewMemento;
        settings = DialogSettings.getOrCreateSection(
                PlatformUI.getDialogSettingsProvider(Platform.getBundle(Problems.PLUGIN)).getDialogSettings(),
                SETTINGS);
    }

    @Override
    public void createPartControl(Composite parent) {
        images = new LocalResourceManager(org.eclipse.jface.resource.JFaceResources.getResources(), parent);
        tabImage = images.create(icon("icons/units16.png"));
        GridLayoutFactory.fillDefaults().numColumns(1).spacing(0, 2).margins(0, 2).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).margins(6, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Show only:");
        filterText = Widgets.id(new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "journal.filter");
        filterText.setMessage("lines containing…");
        filterText.setToolTipText("Show only the lines whose text, unit or machine matches");
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(filterText);
        filterRegex = Widgets.id(new Button(bar, SWT.CHECK), "journal.filterRegex");
        filterRegex.setText("Regex");
        filterRegex.setToolTipText("Treat 'Show only' as a regular expression");
        new Label(bar, SWT.NONE).setText("Highlight:");
        highlightText = Widgets.id(new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL),
                "journal.highlight");
        highlightText.setMessage("mark matches…");
        highlightText.setToolTipText("Mark what matches in every line, keeping all lines");
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(highlightText);
        highlightRegex = Widgets.id(new Button(bar, SWT.CHECK), "journal.highlightRegex");
        highlightRegex.setText("Regex");
        highlightRegex.setToolTipText("Treat 'Highlight' as a regular expression");
        problem = Widgets.id(new Label(parent, SWT.WRAP), "journal.filterProblem");
        problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(problem);
        problem.setVisible(false);

        hint = Widgets.id(new Label(parent, SWT.WRAP), "journal.hint");
        hint.setText("No journal followed. Select units in the Units view and choose Journal (Ctrl+Shift+J).");
        GridDataFactory.fillDefaults().grab(true, false).indent(6, 6).applyTo(hint);
        folder = Widgets.id(new CTabFolder(parent, SWT.BORDER | SWT.BOTTOM), "journal.tabs");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(folder);
        folder.addCTabFolder2Listener(new CTabFolder2Adapter() {
            @Override
            public void close(CTabFolderEvent event) {
                JournalTab tab = (JournalTab) event.item.getData();
                tab.dispose();
                tabs.remove(tab);
                parent.getDisplay().asyncExec(JournalView.this::updateActions);
            }
        });
        folder.addListener(SWT.Selection, e -> updateActions());

        filterText.setText(value(FILTER, ""));
        filterRegex.setSelection(settings.getBoolean(FILTER_REGEX));
        highlightText.setText(value(HIGHLIGHT, ""));
        highlightRegex.setSelection(settings.getBoolean(HIGHLIGHT_REGEX));
        filterText.addModifyListener(e -> filtersChanged());
        filterRegex.addListener(SWT.Selection, e -> filtersChanged());
        highlightText.addModifyListener(e -> filtersChanged());
        highlightRegex.addListener(SWT.Selection, e -> filtersChanged());
        createActions();
        filtersChanged();
        restoreTabs();
        updateActions();
        ClusterConnection.active().addListener(this);
    }

    /** Another cluster is active: the open tabs follow their units there (the jobs ask for the client). */
    @Override
    public void clusterChanged(ClusterProfile profile) {
        if (folder == null || folder.isDisposed()) {
            return;
        }
        folder.getDisplay().asyncExec(() -> {
            for (JournalTab t : tabs) {
                t.refollow(Math.min(BACKLOG, capacity()));
            }
        });
    }

    private String value(String key, String fallback) {
        String v = settings.get(key);
        return v == null ? fallback : v;
    }

    private boolean flag(String key, boolean fallback) {
        return settings.get(key) == null ? fallback : settings.getBoolean(key);
    }

    int capacity() {
        try {
            int c = settings.getInt(CAPACITY);
            return c >= 100 ? c : DEFAULT_CAPACITY;
        } catch (NumberFormatException e) {
            return DEFAULT_CAPACITY;
        }
    }

    // ---------------------------------------------------------------- tabs

    /** One tab for one unit; several units share one tab, merged in arrival order. */
    @Override
    public void showUnits(List<String> unitNames) {
        List<String> units = List.copyOf(new LinkedHashSet<>(unitNames));
        if (!units.isEmpty()) {
            openTab(units, true);
        }
    }

    /**
     * The tab for exactly these units (selected, created when missing). {@code follow=false} opens it without
     * follow jobs: something else writes into its {@link JournalTab#buffer()} (the benchmark's generator).
     */
    public JournalTab openTab(List<String> units, boolean follow) {
        String key = JournalTab.key(units);
        for (JournalTab t : tabs) {
            if (t.key().equals(key)) {
                folder.setSelection(t.item());
                updateActions();
                return t;
            }
        }
        JournalTab tab = new JournalTab(folder, units, capacity(),
                new LineFormat(showTime.isChecked(), showMachine.isChecked(), 0), tabImage, t -> updateActions());
        tab.apply(showTime.isChecked(), showMachine.isChecked(), filter, highlight);
        tabs.add(tab);
        folder.setSelection(tab.item());
        if (follow) {
            tab.follow(Math.min(BACKLOG, capacity()));
        }
        updateActions();
        return tab;
    }

    /** Closes a tab as its close button does: its follow jobs stop. */
    public void closeTab(JournalTab tab) {
        tab.dispose();
        tabs.remove(tab);
        tab.item().dispose();
        updateActions();
    }

    /** The tab in front, if any. */
    public Optional<JournalTab> current() {
        CTabItem item = folder == null || folder.isDisposed() ? null : folder.getSelection();
        return item == null ? Optional.empty() : Optional.of((JournalTab) item.getData());
    }

    public List<JournalTab> tabs() {
        return List.copyOf(tabs);
    }

    private void restoreTabs() {
        if (memento == null) {
            return;
        }
        for (IMemento m : memento.getChildren(TAB)) {
            String units = m.getString(UNITS);
            if (units != null && !units.isBlank()) {
                openTab(List.of(units.split(",")), true);
            }
        }
    }

    @Override
    public void saveState(IMemento state) {
        super.saveState(state);
        for (JournalTab t : tabs) {
            state.createChild(TAB).putString(UNITS, String.join(",", t.units()));
        }
    }

    // ---------------------------------------------------------------- options

    private void filtersChanged() {
        settings.put(FILTER, filterText.getText());
        settings.put(FILTER_REGEX, filterRegex.getSelection());
        settings.put(HIGHLIGHT, highlightText.getText());
        settings.put(HIGHLIGHT_REGEX, highlightRegex.getSelection());
        List<String> bad = new ArrayList<>();
        try {
            filter = LineFilter.of(filterText.getText(), filterRegex.getSelection());
        } catch (IllegalArgumentException e) {
            bad.add("Show only: " + e.getMessage());
        }
        try {
            highlight = LineFilter.of(highlightText.getText(), highlightRegex.getSelection());
        } catch (IllegalArgumentException e) {
            bad.add("Highlight: " + e.getMessage());
        }
        // a bad expression keeps the last good one in force and says so
        showProblem(bad.isEmpty() ? null : String.join("\n", bad));
        applyToTabs();
    }

    private void applyToTabs() {
        if (showTime == null) {
            return;
        }
        for (JournalTab t : tabs) {
            t.apply(showTime.isChecked(), showMachine.isChecked(), filter, highlight);
        }
    }

    private void showProblem(String text) {
        boolean show = text != null;
        if (show == problem.getVisible() && (!show || text.equals(problem.getText()))) {
            return;
        }
        problem.setText(show ? text : "");
        problem.setVisible(show);
        ((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = !show;
        problem.getParent().layout(true);
    }

    private void createActions() {
        ISharedImages shared = PlatformUI.getWorkbench().getSharedImages();
        scrollLock = action("Scroll Lock", IAction.AS_CHECK_BOX,
                "Pause: keep the lines in place while new ones arrive (scrolling up does the same)",
                icon("icons/scroll_lock16.png"), () -> current().ifPresent(t -> t.setFollowing(!scrollLock.isChecked())));
        jumpToLive = action("Jump to Live", IAction.AS_PUSH_BUTTON,
                "Follow again: scroll to the newest line and keep up with new ones", icon("icons/live16.png"),
                () -> current().ifPresent(t -> t.setFollowing(true)));
        showTime = action("Show Timestamps", IAction.AS_CHECK_BOX, "Show the time column", icon("icons/clock16.png"),
                () -> {
                    settings.put(SHOW_TIME, showTime.isChecked());
                    applyToTabs();
                });
        showTime.setChecked(flag(SHOW_TIME, true));
        showMachine = action("Show Machine", IAction.AS_CHECK_BOX, "Show the machine column",
                icon("icons/machines16.png"), () -> {
                    settings.put(SHOW_MACHINE, showMachine.isChecked());
                    applyToTabs();
                });
        showMachine.setChecked(flag(SHOW_MACHINE, true));
        copy = action("Copy", IAction.AS_PUSH_BUTTON, "Copy the selected lines, or all shown lines",
                shared.getImageDescriptor(ISharedImages.IMG_TOOL_COPY), this::copy);
        save = action("Save As…", IAction.AS_PUSH_BUTTON, "Save the shown lines to a file",
                shared.getImageDescriptor(ISharedImages.IMG_ETOOL_SAVEAS_EDIT), this::saveAs);
        clear = action("Clear", IAction.AS_PUSH_BUTTON, "Clear the journal shown (following goes on)",
                shared.getImageDescriptor(ISharedImages.IMG_ETOOL_CLEAR),
                () -> current().ifPresent(JournalTab::clear));
        IAction bufferSize = action("Buffer Size…", IAction.AS_PUSH_BUTTON,
                "How many lines each tab keeps; older lines are dropped and counted", null, this::askCapacity);

        IToolBarManager tb = getViewSite().getActionBars().getToolBarManager();
        tb.add(scrollLock);
        tb.add(jumpToLive);
        tb.add(new Separator());
        tb.add(showTime);
        tb.add(showMachine);
        tb.add(new Separator());
        tb.add(clear);
        tb.add(copy);
        tb.add(save);
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        menu.add(bufferSize);
        getViewSite().getActionBars().setGlobalActionHandler(ActionFactory.COPY.getId(), copy);
        getViewSite().getActionBars().updateActionBars();

        MenuManager context = new MenuManager("#PopupMenu");
        context.add(copy);
        context.add(save);
        context.add(new Separator());
        context.add(clear);
        context.add(jumpToLive);
        folder.setMenu(context.createContextMenu(folder));
        context.setRemoveAllWhenShown(false);
        this.context = context;
    }

    private MenuManager context;

    private ImageDescriptor icon(String path) {
        return ResourceLocator.imageDescriptorFromBundle(Problems.PLUGIN, path).orElse(null);
    }

    private static IAction action(String text, int style, String tooltip, ImageDescriptor image, Runnable run) {
        Action a = new Action(text, style) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(tooltip);
        a.setImageDescriptor(image);
        return a;
    }

    private void updateActions() {
        if (folder == null || folder.isDisposed()) {
            return;
        }
        Optional<JournalTab> t = current();
        boolean any = t.isPresent();
        boolean hintWasShown = hint.getVisible();
        hint.setVisible(!any && tabs.isEmpty());
        ((org.eclipse.swt.layout.GridData) hint.getLayoutData()).exclude = !hint.getVisible();
        if (hintWasShown != hint.getVisible()) {
            hint.getParent().layout(true);
        }
        scrollLock.setEnabled(any);
        scrollLock.setChecked(any && !t.get().following());
        jumpToLive.setEnabled(any && !t.get().following());
        copy.setEnabled(any);
        save.setEnabled(any);
        clear.setEnabled(any);
        for (JournalTab tab : tabs) {
            if (tab.text().getMenu() == null) {
                tab.text().setMenu(context.createContextMenu(tab.text()));
            }
        }
        setContentDescription(any ? (t.get().units().size() == 1 ? "Journal of " + t.get().units().get(0)
                : "Journals of " + String.join(", ", t.get().units())) : "");
    }

    private void askCapacity() {
        InputDialog d = new InputDialog(getSite().getShell(), "Journal Buffer Size",
                "Lines each journal tab keeps (older lines are dropped and counted); applies to tabs opened from now:",
                Integer.toString(capacity()), v -> {
                    try {
                        int n = Integer.parseInt(v.strip().replace(",", ""));
                        return n < 100 || n > 1_000_000 ? "Enter a number from 100 to 1,000,000" : null;
                    } catch (NumberFormatException e) {
                        return "Enter a whole number of lines, e.g. 10000";
                    }
                });
        if (d.open() == Window.OK) {
            settings.put(CAPACITY, Integer.parseInt(d.getValue().strip().replace(",", "")));
        }
    }

    // ---------------------------------------------------------------- copy, save

    private void copy() {
        current().ifPresent(t -> {
            String selected = t.text().getSelectionText();
            String all = selected.isEmpty() ? t.text().getText() : selected;
            Clipboard clipboard = new Clipboard(t.text().getDisplay());
            try {
                clipboard.setContents(new Object[] {all}, new Transfer[] {TextTransfer.getInstance()});
            } finally {
                clipboard.dispose();
            }
        });
    }

    private void saveAs() {
        current().ifPresent(t -> {
            FileDialog d = new FileDialog(getSite().getShell(), SWT.SAVE);
            d.setText("Save Journal");
            d.setOverwrite(true);
            d.setFileName(t.units().size() == 1 ? t.units().get(0) + ".log" : "journal.log");
            String file = d.open();
            if (file != null) {
                save(t, Path.of(file));
            }
        });
    }

    /** Writes the tab's shown lines to {@code file} in a job (the disk may be slow); returns the job. */
    public Job save(JournalTab tab, Path file) {
        String content = tab.text().getText() + System.lineSeparator();
        Job job = new Job("Saving the journal to " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    Files.writeString(file, content, StandardCharsets.UTF_8);
                    return Status.OK_STATUS;
                } catch (IOException e) {
                    Problems.show("Save Journal", "Cannot save the journal to " + file + ": " + Problems.reason(e));
                    return Status.OK_STATUS;
                }
            }
        };
        job.schedule();
        return job;
    }

    @Override
    public void setFocus() {
        Optional<JournalTab> t = current();
        if (t.isPresent()) {
            t.get().text().setFocus();
        } else {
            filterText.setFocus();
        }
    }

    @Override
    public void dispose() {
        ClusterConnection.active().removeListener(this);
        for (JournalTab t : tabs) {
            t.dispose();
        }
        tabs.clear();
        super.dispose();
    }
}
