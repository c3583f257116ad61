package dev.flotilla.ui.editor.form;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.forms.widgets.FormToolkit;

import dev.flotilla.ui.support.Widgets;

/**
 * An ordered list of one-line values (Exec lines, ports, volumes...) with Add, Edit, Remove, Up and Down; each
 * change hands the whole new list to {@code onChange}. A value is checked by {@code validator} before it is taken.
 */
public final class ListEditor {

    private final Table table;
    private final String label;
    private final IInputValidator validator;
    private Consumer<List<String>> onChange = l -> { };
    private final Button edit;
    private final Button remove;
    private final Button up;
    private final Button down;

    public ListEditor(FormToolkit toolkit, Composite parent, String label, String id, IInputValidator validator) {
        this.label = label;
        this.validator = validator;
        Composite box = toolkit.createComposite(parent);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        box.setLayout(layout);
        box.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
        table = toolkit.createTable(box, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        Widgets.id(table, id);
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, false);
        td.heightHint = table.getItemHeight() * 2 + 4;
        td.widthHint = 200;
        table.setLayoutData(td);
        // compact buttons beside the list: + adds, … edits, − removes, arrows reorder
        Composite buttons = toolkit.createComposite(box);
        org.eclipse.swt.layout.RowLayout bl = new org.eclipse.swt.layout.RowLayout(SWT.HORIZONTAL);
        bl.marginTop = 0;
        bl.marginBottom = 0;
        bl.spacing = 2;
        bl.wrap = true;
        buttons.setLayout(bl);
        GridData bd = new GridData(SWT.FILL, SWT.TOP, false, false);
        bd.widthHint = 110;
        buttons.setLayoutData(bd);
        Button add = button(toolkit, buttons, "+", "Add " + label + "…", e -> add());
        edit = button(toolkit, buttons, "…", "Edit the selected " + label, e -> editSelected());
        remove = button(toolkit, buttons, "−", "Remove the selected " + label, e -> removeSelected());
        up = button(toolkit, buttons, "↑", "Move up", e -> move(-1));
        down = button(toolkit, buttons, "↓", "Move down", e -> move(1));
        Widgets.id(add, id + ".add");
        table.addListener(SWT.Selection, e -> enable());
        table.addListener(SWT.DefaultSelection, e -> editSelected());
        enable();
    }

    private static Button button(FormToolkit toolkit, Composite parent, String text, String tip,
            org.eclipse.swt.widgets.Listener listener) {
        Button b = toolkit.createButton(parent, text, SWT.PUSH);
        b.setToolTipText(tip);
        b.setLayoutData(new org.eclipse.swt.layout.RowData(32, SWT.DEFAULT));
        b.addListener(SWT.Selection, listener);
        return b;
    }

    public void onChange(Consumer<List<String>> listener) {
        this.onChange = listener;
    }

    public Table table() {
        return table;
    }

    /** The values shown. */
    public List<String> items() {
        List<String> out = new ArrayList<>();
        for (TableItem i : table.getItems()) {
            out.add(i.getText());
        }
        return out;
    }

    /** Shows {@code values} without reporting a change (the model is their source). */
    public void show(List<String> values) {
        if (values.equals(items())) {
            return;
        }
        int sel = table.getSelectionIndex();
        table.removeAll();
        for (String v : values) {
            new TableItem(table, SWT.NONE).setText(v);
        }
        if (sel >= 0 && sel < values.size()) {
            table.setSelection(sel);
        }
        enable();
    }

    /** Replaces the list as the user would, reporting the change. */
    public void set(List<String> values) {
        show(values);
        onChange.accept(items());
    }

    private void add() {
        InputDialog d = new InputDialog(table.getShell(), "Add " + label, label + ":", "", validator);
        if (d.open() == Window.OK) {
            List<String> l = items();
            int at = table.getSelectionIndex();
            l.add(at < 0 ? l.size() : at + 1, d.getValue().strip());
            set(l);
        }
    }

    private void editSelected() {
        int at = table.getSelectionIndex();
        if (at < 0) {
            return;
        }
        InputDialog d = new InputDialog(table.getShell(), "Edit " + label, label + ":", items().get(at), validator);
        if (d.open() == Window.OK) {
            List<String> l = items();
            l.set(at, d.getValue().strip());
            set(l);
        }
    }

    private void removeSelected() {
        int at = table.getSelectionIndex();
        if (at < 0) {
            return;
        }
        List<String> l = items();
        l.remove(at);
        set(l);
        if (!l.isEmpty()) {
            table.setSelection(Math.min(at, l.size() - 1));
        }
        enable();
    }

    private void move(int by) {
        int at = table.getSelectionIndex();
        List<String> l = items();
        int to = at + by;
        if (at < 0 || to < 0 || to >= l.size()) {
            return;
        }
        l.add(to, l.remove(at));
        set(l);
        table.setSelection(to);
        enable();
    }

    private void enable() {
        int at = table.getSelectionIndex();
        edit.setEnabled(at >= 0);
        remove.setEnabled(at >= 0);
        up.setEnabled(at > 0);
        down.setEnabled(at >= 0 && at < table.getItemCount() - 1);
    }
}
