package dev.flotilla.ui.editor.form;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessageManager;
import org.eclipse.ui.forms.editor.FormEditor;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;

import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.unit.ContainerConfig;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.ExecLine;
import dev.flotilla.core.unit.RestartPolicy;
import dev.flotilla.core.unit.ServiceType;
import dev.flotilla.core.unit.TimeSpan;
import dev.flotilla.core.unit.UnitEditException;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.ValueProblem;
import dev.flotilla.core.unit.fleet.FleetRules;
import dev.flotilla.ui.editor.cluster.ClusterAccess;
import dev.flotilla.ui.editor.model.UnitDocument;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * The form page: one section per unit file section with typed fields, list editors for repeated keys, the metadata
 * rule builder and the placement preview. Fields show the shared model and write through it; the model's problems
 * decorate the field of their key (and are counted in the form header).
 */
public final class UnitFormPage extends FormPage {

    public static final String ID = "dev.flotilla.ui.editor.form";
    public static final String PREVIEW = "dev.flotilla.ui.editor.form.preview";
    public static final String PREVIEW_SUMMARY = "dev.flotilla.ui.editor.form.preview.summary";
    public static final String PREVIEW_TABLE = "dev.flotilla.ui.editor.form.preview.table";

    /** What the page needs of its editor. */
    public interface Host {
        UnitDocument model();

        void save();

        void submit();
    }

    /** The widget id of the field of {@code [section] key}, e.g. {@code field.Service.Type}. */
    public static String fieldId(String section, String key) {
        return "field." + section + "." + key;
    }

    private final Host host;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private MetadataRuleBuilder metadata;
    private Binding origin;
    private boolean refreshing;
    private IManagedForm managedForm;
    private Label previewSummary;
    private Table previewTable;
    private final Runnable onModelChange = () -> {
        refresh();
        schedulePreview();
    };
    private static final int PREVIEW_DELAY_MS = 700;
    private boolean livePreview;
    private int previewGeneration;

    public UnitFormPage(FormEditor editor, Host host) {
        super(editor, ID, "Form");
        this.host = host;
    }

    // ------------------------------------------------------------------------------------------- layout

    @Override
    protected void createFormContent(IManagedForm form) {
        this.managedForm = form;
        FormToolkit tk = form.getToolkit();
        ScrolledForm sf = form.getForm();
        sf.setText(host.model().unitName());
        tk.decorateFormHeading(sf.getForm());
        sf.getToolBarManager().add(new Action("Preview Placement") {
            @Override
            public void run() {
                previewPlacement();
            }
        });
        sf.getToolBarManager().add(new Action("Submit to Cluster") {
            @Override
            public void run() {
                host.submit();
            }
        });
        sf.getToolBarManager().add(new Action("Save") {
            @Override
            public void run() {
                host.save();
            }
        });
        sf.updateToolBar();
        Composite body = sf.getBody();
        GridLayout layout = new GridLayout(2, true);
        layout.horizontalSpacing = 12;
        body.setLayout(layout);
        Composite left = column(tk, body);
        Composite right = column(tk, body);

        Composite unit = section(tk, left, "Unit", "[Unit]: what the unit is and what it depends on.");
        text(tk, unit, "Unit", "Description", "Description");
        text(tk, unit, "Unit", "Documentation", "Documentation");
        list(tk, unit, "Unit", "After", "After", null);
        list(tk, unit, "Unit", "Requires", "Requires", null);
        list(tk, unit, "Unit", "Wants", "Wants", null);

        Composite service = section(tk, left, "Service",
                "[Service]: how the process runs. Exec lines run in this order: pre, start, post; stop, stop post.");
        combo(tk, service, "Service", "Type", "Type", words(ServiceType.values()));
        combo(tk, service, "Service", "Restart", "Restart", words(RestartPolicy.values()));
        text(tk, service, "Service", "RestartSec", "RestartSec").validator = UnitFormPage::timeSpanProblem;
        text(tk, service, "Service", "TimeoutStartSec", "TimeoutStartSec").validator = UnitFormPage::timeSpanProblem;
        text(tk, service, "Service", "TimeoutStopSec", "TimeoutStopSec").validator = UnitFormPage::timeSpanProblem;
        text(tk, service, "Service", "User", "User");
        text(tk, service, "Service", "WorkingDirectory", "WorkingDirectory");
        combo(tk, service, "Service", "RemainAfterExit", "RemainAfterExit", List.of("", "yes", "no"));
        for (String exec : List.of("ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop",
                "ExecStopPost")) {
            list(tk, service, "Service", exec, exec, UnitFormPage::execProblem);
        }
        list(tk, service, "Service", "Environment", "Environment", null);
        list(tk, service, "Service", "EnvironmentFile", "EnvironmentFile", null);

        Composite fleet = section(tk, right, "X-Fleet",
                "[X-Fleet]: where fleet may schedule the unit. Applied when it is placed; see the preview below.");
        text(tk, fleet, FleetRules.SECTION, "MachineID", "MachineID");
        list(tk, fleet, FleetRules.SECTION, "MachineOf", "MachineOf", null);
        list(tk, fleet, FleetRules.SECTION, "Conflicts", "Conflicts", null);
        list(tk, fleet, FleetRules.SECTION, "Replaces", "Replaces", null);
        check(tk, fleet, FleetRules.SECTION, "Global", "Global (run on every eligible machine)");
        Label ml = tk.createLabel(fleet, "MachineMetadata");
        ml.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
        metadata = new MetadataRuleBuilder(tk, fleet);
        metadata.onChange(rules -> write(null, () -> host.model().edit(f -> {
            List<String> pairs = new ArrayList<>();
            rules.forEach((k, vs) -> vs.forEach(v -> pairs.add(k + "=" + v)));
            // the deprecated spelling is folded into MachineMetadata, so the rule stays as shown
            f.remove(FleetRules.SECTION, "X-ConditionMachineMetadata");
            f.remove(FleetRules.SECTION, "MachineMetadata");
            for (String p : pairs) {
                f.add(FleetRules.SECTION, "MachineMetadata", p);
            }
        })));

        Composite preview = section(tk, right, "Placement Preview",
                "Where the engine would put this version of the unit now, and why not on the other machines.");
        Button run = tk.createButton(preview, "Preview Placement", SWT.PUSH);
        Widgets.id(run, PREVIEW);
        run.addListener(SWT.Selection, e -> previewPlacement());
        previewSummary = tk.createLabel(preview, "Not previewed yet.", SWT.WRAP);
        Widgets.id(previewSummary, PREVIEW_SUMMARY);
        GridData sd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        sd.widthHint = 300; // wrap instead of widening the form
        previewSummary.setLayoutData(sd);
        previewTable = tk.createTable(preview, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        Widgets.id(previewTable, PREVIEW_TABLE);
        previewTable.setHeaderVisible(true);
        previewTable.setLinesVisible(true);
        for (String[] c : new String[][] {{"Machine", "250"}, {"Eligible", "70"}, {"Units", "50"},
                {"Why not", "420"}}) {
            TableColumn col = new TableColumn(previewTable, SWT.LEFT);
            col.setText(c[0]);
            col.setWidth(Integer.parseInt(c[1]));
        }
        GridData pd = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        pd.widthHint = 300;
        pd.heightHint = previewTable.getItemHeight() * 4 + previewTable.getHeaderHeight();
        previewTable.setLayoutData(pd);

        Composite container = section(tk, right, "Container",
                "[Container]: run a Docker container instead of ExecStart (Image is required).");
        text(tk, container, ContainerConfig.SECTION, "Image", "Image");
        text(tk, container, ContainerConfig.SECTION, "ContainerName", "ContainerName");
        list(tk, container, ContainerConfig.SECTION, "Exec", "Exec", null);
        list(tk, container, ContainerConfig.SECTION, "PublishPort", "PublishPort", null);
        list(tk, container, ContainerConfig.SECTION, "Volume", "Volume", null);
        list(tk, container, ContainerConfig.SECTION, "Network", "Network", null);
        list(tk, container, ContainerConfig.SECTION, "Environment", "Environment", null);
        list(tk, container, ContainerConfig.SECTION, "Label", "Label", null);

        host.model().addListener(onModelChange);
        refresh();
    }

    @Override
    public void dispose() {
        host.model().removeListener(onModelChange);
        super.dispose();
    }

    private static Composite column(FormToolkit tk, Composite parent) {
        Composite c = tk.createComposite(parent);
        GridLayout l = new GridLayout(1, false);
        l.marginWidth = 0;
        c.setLayout(l);
        c.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return c;
    }

    private static Composite section(FormToolkit tk, Composite parent, String title, String description) {
        Section s = tk.createSection(parent, ExpandableComposite.TITLE_BAR | ExpandableComposite.TWISTIE
                | ExpandableComposite.EXPANDED | Section.DESCRIPTION);
        s.setText(title);
        s.setDescription(description);
        s.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Composite client = tk.createComposite(s);
        client.setLayout(new GridLayout(2, false));
        // flat form texts and combos get their border from the toolkit
        tk.paintBordersFor(client);
        s.setClient(client);
        return client;
    }

    // ------------------------------------------------------------------------------------------- bindings

    /** One field bound to one key. */
    private abstract static class Binding {
        final String section;
        final String key;
        Control control;
        IInputValidator validator;

        Binding(String section, String key) {
            this.section = section;
            this.key = key;
        }

        abstract void show(UnitDocument model);
    }

    private Binding text(FormToolkit tk, Composite parent, String section, String key, String label) {
        tk.createLabel(parent, label);
        Text t = tk.createText(parent, "", SWT.SINGLE);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Binding b = new Binding(section, key) {
            @Override
            void show(UnitDocument model) {
                String v = model.value(section, key);
                if (!v.equals(t.getText().strip())) {
                    t.setText(v);
                }
            }
        };
        t.addListener(SWT.Modify, e -> {
            if (!refreshing) {
                String problem = b.validator == null ? null : b.validator.isValid(t.getText());
                if (problem != null) {
                    managedForm.getMessageManager().addMessage(b, key + ": " + problem, null,
                            IMessageProvider.ERROR, t);
                    return;
                }
                managedForm.getMessageManager().removeMessage(b, t);
                write(b, () -> host.model().setValue(section, key, t.getText()));
            }
        });
        return bind(b, t);
    }

    private Binding combo(FormToolkit tk, Composite parent, String section, String key, String label,
            List<String> items) {
        tk.createLabel(parent, label);
        Combo c = new Combo(parent, SWT.DROP_DOWN);
        tk.adapt(c, true, false);
        List<String> all = new ArrayList<>(items);
        if (!all.contains("")) {
            all.add(0, "");
        }
        c.setItems(all.toArray(new String[0]));
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Binding b = new Binding(section, key) {
            @Override
            void show(UnitDocument model) {
                String v = model.value(section, key);
                if (!v.equals(c.getText().strip())) {
                    c.setText(v);
                }
            }
        };
        c.addListener(SWT.Modify, e -> {
            if (!refreshing) {
                write(b, () -> host.model().setValue(section, key, c.getText()));
            }
        });
        return bind(b, c);
    }

    private Binding check(FormToolkit tk, Composite parent, String section, String key, String label) {
        Button box = tk.createButton(parent, label, SWT.CHECK);
        box.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
        Binding b = new Binding(section, key) {
            @Override
            void show(UnitDocument model) {
                box.setSelection(FleetRules.of(model.unit()).global());
            }
        };
        box.addListener(SWT.Selection, e -> write(b,
                () -> host.model().setValue(section, key, box.getSelection() ? "true" : "")));
        return bind(b, box);
    }

    private Binding list(FormToolkit tk, Composite parent, String section, String key, String label,
            IInputValidator validator) {
        Label l = tk.createLabel(parent, label);
        l.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        ListEditor editor = new ListEditor(tk, parent, label, fieldId(section, key), validator);
        Binding b = new Binding(section, key) {
            @Override
            void show(UnitDocument model) {
                editor.show(model.values(section, key));
            }
        };
        editor.onChange(values -> write(b, () -> host.model().setValues(section, key, values)));
        bind(b, editor.table());
        return b;
    }

    private Binding bind(Binding b, Control c) {
        b.control = c;
        if (c.getData(Widgets.ID) == null) {
            Widgets.id(c, fieldId(b.section, b.key));
        }
        bindings.put(b.section + "/" + b.key, b);
        return b;
    }

    /** Runs a form edit; a refused one is shown at its field and changes nothing. */
    private void write(Binding from, Edit edit) {
        origin = from;
        try {
            edit.run();
            managedForm.getMessageManager().removeMessage("edit");
        } catch (UnitEditException e) {
            Control at = from == null ? null : from.control;
            managedForm.getMessageManager().addMessage("edit", "Not applied: " + e.getMessage(), null,
                    IMessageProvider.ERROR, at);
        } finally {
            origin = null;
        }
    }

    @FunctionalInterface
    private interface Edit {
        void run() throws UnitEditException;
    }

    /** Shows the model in every field (except the one being typed into) and its problems. */
    public void refresh() {
        if (managedForm == null || managedForm.getForm().isDisposed()) {
            return;
        }
        refreshing = true;
        try {
            UnitDocument model = host.model();
            for (Binding b : bindings.values()) {
                if (b != origin) {
                    b.show(model);
                }
            }
            metadata.show(FleetRules.of(model.unit()).machineMetadata().clauses());
        } finally {
            refreshing = false;
        }
        showProblems();
    }

    private void showProblems() {
        IMessageManager mm = managedForm.getMessageManager();
        mm.setAutoUpdate(false);
        try {
            for (Binding b : bindings.values()) {
                mm.removeMessages(b.control);
            }
            mm.removeMessages();
            for (Diagnostic d : host.model().diagnostics()) {
                int type = d.isError() ? IMessageProvider.ERROR : IMessageProvider.WARNING;
                String text = "line " + d.line() + ":" + d.column() + ": "
                        + (d.key() != null ? d.key() + ": " : "") + d.message();
                Binding b = d.key() == null ? null : bindings.get(d.section() + "/" + d.key());
                if (b != null) {
                    mm.addMessage(d, text, d, type, b.control);
                } else {
                    mm.addMessage(d, text, d, type);
                }
            }
        } finally {
            mm.setAutoUpdate(true);
        }
    }

    // ------------------------------------------------------------------------------------------- preview

    /**
     * Asks the cluster (in a job) where this version of the unit would go. Once asked, the preview follows the
     * edits: it is asked again shortly after the unit stops changing, and only the newest answer is shown.
     */
    public void previewPlacement() {
        livePreview = true;
        int asked = ++previewGeneration;
        UnitDocument model = host.model();
        if (model.hasErrors()) {
            previewSummary.setText("Fix the unit's errors first; the cluster only explains valid units.");
            return;
        }
        String name = model.unitName();
        String text = new String(model.bytes(), StandardCharsets.UTF_8);
        previewSummary.setText("Asking the cluster…");
        Background.run("Preview placement of " + name, previewTable,
                m -> ClusterAccess.fleet().explainFile(name, text), e -> {
                    if (asked == previewGeneration) {
                        showExplanation(e);
                    }
                }, e -> {
                    if (asked == previewGeneration) {
                        previewSummary.setText(Problems.describe("Cannot preview the placement", e));
                    }
                });
    }

    /** After an edit: preview again once the unit has not changed for a moment. */
    private void schedulePreview() {
        if (!livePreview || previewTable == null || previewTable.isDisposed()) {
            return;
        }
        int scheduled = ++previewGeneration;
        previewTable.getDisplay().timerExec(PREVIEW_DELAY_MS, () -> {
            if (scheduled == previewGeneration && !previewTable.isDisposed()) {
                previewPlacement();
            }
        });
    }

    private void showExplanation(Explanation e) {
        StringBuilder s = new StringBuilder();
        long eligible = e.machines().stream().filter(Explanation.Verdict::eligible).count();
        if (e.global()) {
            s.append("Global unit: would run on ").append(eligible).append(" of ").append(e.machines().size())
                    .append(" machines.");
        } else if (e.chosenMachine() != null) {
            s.append("Would go to ").append(e.chosenMachine()).append(" now (").append(eligible).append(" of ")
                    .append(e.machines().size()).append(" machines eligible).");
        } else {
            s.append("Would not be placed: ").append(e.reason() == null ? "no eligible machine" : e.reason());
        }
        if (!e.currentMachines().isEmpty()) {
            s.append(" Runs on ").append(String.join(", ", e.currentMachines())).append(" now.");
        }
        previewSummary.setText(s.toString());
        previewTable.removeAll();
        for (Explanation.Verdict v : e.machines()) {
            TableItem item = new TableItem(previewTable, SWT.NONE);
            boolean chosen = v.machineID().equals(e.chosenMachine());
            item.setText(0, v.machineID());
            item.setText(1, chosen ? "chosen" : v.eligible() ? "yes" : "no");
            item.setText(2, Integer.toString(v.load()));
            item.setText(3, v.reason() == null ? "" : v.reason());
        }
        previewSummary.getParent().layout(true, true);
        managedForm.reflow(true);
        managedForm.getForm().showControl(previewTable);
    }

    /** The metadata rule builder of the X-Fleet section. */
    public MetadataRuleBuilder metadataBuilder() {
        return metadata;
    }

    /** The preview's one-line answer, as shown. */
    public String previewSummary() {
        return previewSummary.getText();
    }

    // ------------------------------------------------------------------------------------------- validators

    private static String timeSpanProblem(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            TimeSpan.parse(text.strip());
            return null;
        } catch (ValueException e) {
            return e.getMessage();
        }
    }

    private static String execProblem(String text) {
        if (text.isBlank()) {
            return "an Exec line needs a command";
        }
        ExecLine line = ExecLine.parse(text.strip());
        return line.problems().stream().filter(p -> p.severity() == dev.flotilla.core.unit.Severity.ERROR)
                .map(ValueProblem::message).findFirst().orElse(null);
    }

    private static List<String> words(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v instanceof ServiceType t ? t.word() : ((RestartPolicy) v).word());
        }
        return out;
    }
}
