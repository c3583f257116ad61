package dev.flotilla.ui.keys;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.flotilla.ui.support.Widgets;

/** Asks for a new key (path, value, TTL) or a new directory (path, TTL); refuses what etcd would refuse. */
final class KeyDialog extends TitleAreaDialog {

    static final String KEY_FIELD = "dev.flotilla.ui.keys.new.key";
    static final String VALUE_FIELD = "dev.flotilla.ui.keys.new.value";
    static final String TTL_FIELD = "dev.flotilla.ui.keys.new.ttl";

    private final boolean directory;
    private final String initialKey;
    private Text keyField;
    private Text valueField;
    private Text ttlField;
    private String key;
    private String value;
    private long ttl;

    KeyDialog(Shell parent, boolean directory, String initialKey) {
        super(parent);
        this.directory = directory;
        this.initialKey = initialKey;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(directory ? "New Directory" : "New Key");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(directory ? "Create a directory" : "Create a key");
        setMessage(directory ? "The directory must not exist yet." : "The key must not exist yet; an empty TTL "
                + "means it never expires.");
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        new Label(form, SWT.NONE).setText("Path:");
        keyField = Widgets.id(new Text(form, SWT.BORDER | SWT.SINGLE), KEY_FIELD);
        keyField.setText(initialKey);
        keyField.setSelection(initialKey.length());
        GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(keyField);
        keyField.addModifyListener(e -> validate());

        if (!directory) {
            Label l = new Label(form, SWT.NONE);
            l.setText("Value:");
            GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(l);
            valueField = Widgets.id(new Text(form, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP), VALUE_FIELD);
            valueField.setFont(JFaceResources.getTextFont());
            GridDataFactory.fillDefaults().grab(true, true).hint(420, 120).applyTo(valueField);
        }
        new Label(form, SWT.NONE).setText("TTL (seconds):");
        ttlField = Widgets.id(new Text(form, SWT.BORDER | SWT.SINGLE), TTL_FIELD);
        ttlField.setMessage("never expires");
        GridDataFactory.fillDefaults().hint(120, SWT.DEFAULT).applyTo(ttlField);
        ttlField.addModifyListener(e -> validate());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Create", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        validate();
    }

    private boolean validate() {
        String problem = problem();
        setErrorMessage(problem);
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
        return problem == null;
    }

    private String problem() {
        String k = keyField.getText().strip();
        if (!k.startsWith("/") || k.length() < 2 || k.endsWith("/")) {
            return "Path: give a full path such as /config/name (starting with /, not ending with /)";
        }
        if (k.contains("//")) {
            return "Path: '" + k + "' has an empty segment (//)";
        }
        String t = ttlField.getText().strip();
        if (!t.isEmpty()) {
            try {
                if (Long.parseLong(t) <= 0) {
                    return "TTL: give a whole number of seconds above 0, or leave it empty";
                }
            } catch (NumberFormatException e) {
                return "TTL: '" + t + "' is not a whole number of seconds";
            }
        }
        return null;
    }

    @Override
    protected void okPressed() {
        if (!validate()) {
            return;
        }
        key = keyField.getText().strip();
        value = valueField == null ? null : valueField.getText();
        String t = ttlField.getText().strip();
        ttl = t.isEmpty() ? 0 : Long.parseLong(t);
        super.okPressed();
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    long ttl() {
        return ttl;
    }
}
