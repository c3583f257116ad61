package dev.flotilla.ui.connection;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.ColorSelector;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.ui.support.Widgets;

/**
 * Adds or edits a cluster: name, endpoints, TLS files, user and password (the password goes to secure
 * storage, never to the preferences), and its colour. Refuses endpoints and files that cannot work,
 * naming the field.
 */
public final class ClusterProfileDialog extends TitleAreaDialog {

    public static final String NAME = "dev.flotilla.ui.cluster.name";
    public static final String ENDPOINTS = "dev.flotilla.ui.cluster.endpoints";
    public static final String CA_FILE = "dev.flotilla.ui.cluster.ca";
    public static final String CERT_FILE = "dev.flotilla.ui.cluster.cert";
    public static final String KEY_FILE = "dev.flotilla.ui.cluster.key";
    public static final String USERNAME = "dev.flotilla.ui.cluster.user";
    public static final String PASSWORD = "dev.flotilla.ui.cluster.password";

    private final ClusterProfile original;
    private final String originalPassword;
    private Text name;
    private Text endpoints;
    private Text caFile;
    private Text certFile;
    private Text keyFile;
    private Text username;
    private Text password;
    private ColorSelector colour;
    private ClusterProfile result;
    private String resultPassword;

    /** @param original the cluster to edit, or a fresh one to fill in */
    public ClusterProfileDialog(Shell parent, ClusterProfile original, String originalPassword) {
        super(parent);
        this.original = original;
        this.originalPassword = originalPassword;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Cluster");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Cluster connection");
        setMessage("Endpoints are tried in order until one answers. The password is kept in Eclipse secure storage.");
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).margins(10, 10).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        name = field(form, "Name:", NAME, original.name(), false);
        endpoints = field(form, "Endpoints:", ENDPOINTS, original.endpointList(), false);
        endpoints.setMessage("http://10.0.0.1:2379, http://10.0.0.2:2379");
        caFile = field(form, "CA certificate:", CA_FILE, original.caFile(), true);
        certFile = field(form, "Client certificate:", CERT_FILE, original.certFile(), true);
        keyFile = field(form, "Client key:", KEY_FILE, original.keyFile(), true);
        username = field(form, "User:", USERNAME, original.username(), false);
        new Label(form, SWT.NONE).setText("Password:");
        password = Widgets.id(new Text(form, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD), PASSWORD);
        password.setText(originalPassword == null ? "" : originalPassword);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(password);
        password.addModifyListener(e -> validate());
        new Label(form, SWT.NONE).setText("Colour:");
        colour = new ColorSelector(form);
        colour.setColorValue(Widgets.rgb(original.colour()));
        new Label(form, SWT.NONE).setText("marks everything shown from this cluster");
        return area;
    }

    private Text field(Composite form, String label, String id, String value, boolean file) {
        new Label(form, SWT.NONE).setText(label);
        Text text = Widgets.id(new Text(form, SWT.BORDER | SWT.SINGLE), id);
        text.setText(value == null ? "" : value);
        GridDataFactory.fillDefaults().grab(true, false).hint(380, SWT.DEFAULT).span(file ? 1 : 2, 1).applyTo(text);
        text.addModifyListener(e -> validate());
        if (file) {
            Button browse = new Button(form, SWT.PUSH);
            browse.setText("Browse…");
            browse.addListener(SWT.Selection, e -> {
                FileDialog d = new FileDialog(getShell(), SWT.OPEN);
                d.setFilterExtensions(new String[] { "*.pem;*.crt;*.key", "*" });
                String chosen = d.open();
                if (chosen != null) {
                    text.setText(chosen);
                }
            });
        }
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Save");
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
        if (name.getText().isBlank()) {
            return "Name: give the cluster a name";
        }
        try {
            ClientConfig.parseEndpoints(endpoints.getText());
        } catch (ConfigException e) {
            return "Endpoints: " + e.getMessage();
        }
        for (Text file : List.of(caFile, certFile, keyFile)) {
            String f = file.getText().strip();
            if (!f.isEmpty() && !Files.isReadable(Path.of(f))) {
                return labelOf(file) + ": cannot read " + f;
            }
        }
        if (certFile.getText().isBlank() != keyFile.getText().isBlank()) {
            return "Client certificate and client key go together: give both or neither";
        }
        if (username.getText().isBlank() && !password.getText().isEmpty()) {
            return "Password: give the user it belongs to";
        }
        return null;
    }

    private String labelOf(Text file) {
        return file == caFile ? "CA certificate" : file == certFile ? "Client certificate" : "Client key";
    }

    @Override
    protected void okPressed() {
        if (!validate()) {
            return;
        }
        List<URI> parsed;
        try {
            parsed = ClientConfig.parseEndpoints(endpoints.getText());
        } catch (ConfigException e) {
            return;
        }
        result = new ClusterProfile(original.id(), name.getText(), parsed, caFile.getText(), certFile.getText(),
                keyFile.getText(), username.getText(), Widgets.hex(colour.getColorValue()));
        resultPassword = username.getText().isBlank() || password.getText().isEmpty() ? null : password.getText();
        super.okPressed();
    }

    public ClusterProfile result() {
        return result;
    }

    public String password() {
        return resultPassword;
    }
}
