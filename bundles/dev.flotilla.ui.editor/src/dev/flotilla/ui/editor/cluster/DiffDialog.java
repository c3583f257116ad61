package dev.flotilla.ui.editor.cluster;

import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import dev.flotilla.ui.support.Widgets;

/** Asks before a running unit is replaced, showing what changes: removed lines red, added lines green. */
public final class DiffDialog extends TitleAreaDialog {

    public static final String TITLE = "Replace Unit";
    public static final String DIFF = "dev.flotilla.ui.editor.diff";

    private final String unitName;
    private final List<LineDiff.Line> diff;

    public DiffDialog(Shell parent, String unitName, List<LineDiff.Line> diff) {
        super(parent);
        this.unitName = unitName;
        this.diff = diff;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Replace " + unitName + "?");
        long removed = diff.stream().filter(l -> l.op() == '-').count();
        long added = diff.stream().filter(l -> l.op() == '+').count();
        setMessage("The cluster runs another version of " + unitName + ": " + removed + " line(s) go, " + added
                + " come. Replacing it makes the engine place and start the new version.");
        StyledText text = new StyledText(area, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        Widgets.id(text, DIFF);
        text.setFont(JFaceResources.getTextFont());
        String all = LineDiff.format(diff);
        text.setText(all);
        Color red = new Color(text.getDisplay(), new RGB(0xff, 0xdd, 0xdd));
        Color green = new Color(text.getDisplay(), new RGB(0xdd, 0xff, 0xdd));
        int offset = 0;
        for (LineDiff.Line l : diff) {
            int len = l.toString().length();
            if (l.op() != ' ') {
                StyleRange r = new StyleRange(offset, len, null, l.op() == '-' ? red : green);
                text.setStyleRange(r);
            }
            offset += len + 1;
        }
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
        gd.widthHint = 640;
        gd.heightHint = 320;
        text.setLayoutData(gd);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Replace", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }
}
