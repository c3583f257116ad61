package dev.flotilla.ui.keys;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
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

/**
 * The compare-and-swap lost: someone changed the key after the user started editing. Shows both values
 * side by side and lets the user overwrite theirs, take theirs, or go back to editing.
 */
final class ConflictDialog extends Dialog {

    static final int OVERWRITE = IDialogConstants.CLIENT_ID + 1;
    static final int TAKE_THEIRS = IDialogConstants.CLIENT_ID + 2;
    static final String THEIRS = "dev.flotilla.ui.keys.conflict.theirs";
    static final String MINE = "dev.flotilla.ui.keys.conflict.mine";

    private final String key;
    private final String mine;
    private final String theirs;
    private final long baseIndex;
    private final long theirIndex;

    ConflictDialog(Shell parent, String key, String mine, String theirs, long baseIndex, long theirIndex) {
        super(parent);
        this.key = key;
        this.mine = mine;
        this.theirs = theirs;
        this.baseIndex = baseIndex;
        this.theirIndex = theirIndex;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Key Changed on the Cluster");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).equalWidth(true).applyTo(area);
        Label intro = new Label(area, SWT.WRAP);
        intro.setText(key + " was changed on the cluster (index " + baseIndex + " → " + theirIndex
                + ") while you were editing it. Nothing was saved.");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(560, SWT.DEFAULT).applyTo(intro);
        new Label(area, SWT.NONE).setText("Your value:");
        new Label(area, SWT.NONE).setText("On the cluster now:");
        text(area, mine, MINE);
        text(area, theirs, THEIRS);
        return area;
    }

    private static void text(Composite parent, String content, String id) {
        Text t = Widgets.id(new Text(parent, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL), id);
        t.setFont(JFaceResources.getTextFont());
        t.setText(content == null ? "(deleted)" : content);
        GridDataFactory.fillDefaults().grab(true, true).hint(280, 160).applyTo(t);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, OVERWRITE, "Overwrite with Mine", false);
        createButton(parent, TAKE_THEIRS, "Take Theirs", false);
        createButton(parent, IDialogConstants.CANCEL_ID, "Keep Editing", true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        setReturnCode(buttonId);
        close();
    }
}
