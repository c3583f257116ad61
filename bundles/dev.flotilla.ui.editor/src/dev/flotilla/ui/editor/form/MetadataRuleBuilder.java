package dev.flotilla.ui.editor.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.forms.widgets.FormToolkit;

import dev.flotilla.ui.support.Widgets;

/**
 * Builds {@code MachineMetadata} rules as fleet evaluates them: one row per key, the key's accepted values ORed, the
 * rows ANDed, with the whole rule spelled out underneath ("region=eu AND (disk=ssd OR disk=nvme)"). Writes one
 * {@code MachineMetadata=key=value} line per accepted value.
 */
public final class MetadataRuleBuilder {

    public static final String TABLE = "dev.flotilla.ui.editor.form.metadata";
    public static final String MEANING = "dev.flotilla.ui.editor.form.metadata.meaning";

    private final Table table;
    private final Label meaning;
    private final Button edit;
    private final Button remove;
    private Map<String, List<String>> clauses = new LinkedHashMap<>();
    private Consumer<Map<String, List<String>>> onChange = m -> { };

    public MetadataRuleBuilder(FormToolkit toolkit, Composite parent) {
        Composite box = toolkit.createComposite(parent);
        box.setLayout(new GridLayout(2, false));
        box.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1));
        table = toolkit.createTable(box, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        Widgets.id(table, TABLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("", 50);
        column("Metadata key", 130);
        column("Accepted values (any one of them: OR)", 300);
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, false);
        td.widthHint = 250;
        td.heightHint = table.getItemHeight() * 4 + table.getHeaderHeight();
        table.setLayoutData(td);
        Composite buttons = toolkit.createComposite(box);
        buttons.setLayout(new GridLayout(1, true));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        Button add = toolkit.createButton(buttons, "Add Rule…", SWT.PUSH);
        add.addListener(SWT.Selection, e -> add());
        edit = toolkit.createButton(buttons, "Edit Values…", SWT.PUSH);
        edit.addListener(SWT.Selection, e -> editSelected());
        remove = toolkit.createButton(buttons, "Remove", SWT.PUSH);
        remove.addListener(SWT.Selection, e -> removeSelected());
        for (Button b : List.of(add, edit, remove)) {
            b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        }
        table.addListener(SWT.Selection, e -> enable());
        table.addListener(SWT.DefaultSelection, e -> editSelected());
        meaning = toolkit.createLabel(box, "", SWT.WRAP);
        Widgets.id(meaning, MEANING);
        GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        md.widthHint = 300; // wrap instead of widening the form
        meaning.setLayoutData(md);
        enable();
    }

    private void column(String title, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(width);
    }

    public void onChange(Consumer<Map<String, List<String>>> listener) {
        this.onChange = listener;
    }

    /** Shows the rules the model holds without reporting a change. */
    public void show(Map<String, Set<String>> fromModel) {
        Map<String, List<String>> next = new LinkedHashMap<>();
        fromModel.forEach((k, v) -> next.put(k, new ArrayList<>(v)));
        if (next.equals(clauses) && table.getItemCount() == next.size()) {
            return;
        }
        clauses = next;
        render();
    }

    /** Replaces the rules as the user would, reporting the change. */
    public void set(Map<String, List<String>> rules) {
        clauses = new LinkedHashMap<>();
        rules.forEach((k, v) -> clauses.put(k, new ArrayList<>(v)));
        render();
        onChange.accept(clauses());
    }

    /** The rules: key → accepted values. */
    public Map<String, List<String>> clauses() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        clauses.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** What the rules mean, in words. */
    public static String meaning(Map<String, List<String>> rules) {
        if (rules.isEmpty()) {
            return "No metadata rule: every machine qualifies.";
        }
        StringBuilder b = new StringBuilder("Eligible machines have ");
        int i = 0;
        for (Map.Entry<String, List<String>> c : rules.entrySet()) {
            if (i++ > 0) {
                b.append(" AND ");
            }
            List<String> vs = c.getValue();
            if (vs.size() > 1) {
                b.append('(');
            }
            for (int j = 0; j < vs.size(); j++) {
                if (j > 0) {
                    b.append(" OR ");
                }
                b.append(c.getKey()).append('=').append(vs.get(j));
            }
            if (vs.size() > 1) {
                b.append(')');
            }
        }
        return b.append(".  Rules with different keys must all hold (AND); values of one key are alternatives (OR).")
                .toString();
    }

    private void render() {
        table.removeAll();
        int i = 0;
        for (Map.Entry<String, List<String>> c : clauses.entrySet()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(0, i++ == 0 ? "" : "AND");
            item.setText(1, c.getKey());
            item.setText(2, String.join("  OR  ", c.getValue()));
        }
        meaning.setText(meaning(clauses()));
        meaning.getParent().layout(true, true);
        enable();
    }

    private void add() {
        InputDialog d = new InputDialog(table.getShell(), "Add Metadata Rule",
                "key=value (a machine must have this key; values of a key already listed become alternatives):", "",
                v -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0 || eq == v.strip().length() - 1 || v.indexOf('=', eq + 1) >= 0) {
                        return "write exactly one key=value, both sides non-empty, e.g. region=eu-west";
                    }
                    return v.strip().contains(" ") ? "no spaces: fleet would not match them" : null;
                });
        if (d.open() == Window.OK) {
            String v = d.getValue().strip();
            int eq = v.indexOf('=');
            Map<String, List<String>> next = clauses();
            List<String> values = new ArrayList<>(next.getOrDefault(v.substring(0, eq), List.of()));
            if (!values.contains(v.substring(eq + 1))) {
                values.add(v.substring(eq + 1));
            }
            next.put(v.substring(0, eq), values);
            set(next);
        }
    }

    private void editSelected() {
        int at = table.getSelectionIndex();
        if (at < 0) {
            return;
        }
        String key = new ArrayList<>(clauses.keySet()).get(at);
        InputDialog d = new InputDialog(table.getShell(), "Values of " + key,
                "Accepted values of " + key + ", separated by commas (any one of them will do):",
                String.join(", ", clauses.get(key)), v -> v.isBlank() ? "give at least one value" : null);
        if (d.open() == Window.OK) {
            List<String> values = new ArrayList<>();
            for (String s : d.getValue().split(",")) {
                if (!s.isBlank() && !values.contains(s.strip())) {
                    values.add(s.strip());
                }
            }
            Map<String, List<String>> next = clauses();
            next.put(key, values);
            set(next);
        }
    }

    private void removeSelected() {
        int at = table.getSelectionIndex();
        if (at < 0) {
            return;
        }
        Map<String, List<String>> next = clauses();
        next.remove(new ArrayList<>(clauses.keySet()).get(at));
        set(next);
    }

    private void enable() {
        edit.setEnabled(table.getSelectionIndex() >= 0);
        remove.setEnabled(table.getSelectionIndex() >= 0);
    }
}
