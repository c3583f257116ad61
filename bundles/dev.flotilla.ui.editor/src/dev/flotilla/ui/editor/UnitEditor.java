package dev.flotilla.ui.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.forms.editor.FormEditor;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.editor.cluster.ClusterAccess;
import dev.flotilla.ui.editor.cluster.UnitSubmitter;
import dev.flotilla.ui.editor.form.UnitFormPage;
import dev.flotilla.ui.editor.model.UnitDocument;
import dev.flotilla.ui.editor.source.UnitCompletions;
import dev.flotilla.ui.editor.source.UnitSourcePage;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;

/**
 * The unit editor: a form page and a source page over one {@link UnitDocument}. For a file, Save writes it (the
 * bytes the model keeps, so an unchanged or form-edited file keeps its layout byte for byte) and "Submit to Cluster"
 * submits it; for a unit of the cluster, Save submits or replaces it (after a diff against what runs).
 */
public final class UnitEditor extends FormEditor implements UnitFormPage.Host {

    public static final String ID = "dev.flotilla.ui.editor.unit";

    private UnitDocument model;
    private Path file;
    private UnitFormPage formPage;
    private UnitSourcePage sourcePage;
    private int sourceIndex = -1;
    private volatile UnitCompletions.ClusterFacts facts = UnitCompletions.NO_CLUSTER;
    private String lastMessage = "";

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        String name;
        byte[] bytes;
        if (input instanceof UnitEditorInput u) {
            name = u.unitName();
            bytes = u.text().getBytes(StandardCharsets.UTF_8);
        } else {
            file = pathOf(input);
            if (file == null) {
                throw new PartInitException("The unit editor opens unit files and units of a cluster, not "
                        + input.getName());
            }
            name = file.getFileName().toString();
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new PartInitException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        model = new UnitDocument(name, bytes);
        super.init(site, input);
        setPartName(name);
        setTitleToolTip(input.getToolTipText());
        model.addListener(() -> editorDirtyStateChanged());
    }

    private static Path pathOf(IEditorInput input) {
        if (input instanceof UnitFileEditorInput f) {
            return f.path();
        }
        if (input instanceof IPathEditorInput p) {
            return p.getPath().toPath();
        }
        return null;
    }

    @Override
    protected void addPages() {
        try {
            formPage = new UnitFormPage(this, this);
            addPage(formPage);
            sourcePage = new UnitSourcePage(model, () -> facts);
            sourceIndex = addPage(sourcePage.create(getContainer()));
            setPageText(sourceIndex, "Source");
        } catch (PartInitException e) {
            Problems.show("Unit editor", Problems.describe("Cannot show " + model.unitName(), e));
        }
        loadClusterFacts();
    }

    /** Machines, metadata and unit names for content assist, fetched once in the background. */
    private void loadClusterFacts() {
        if (ClusterConnection.active().client() == null) {
            return;
        }
        Background.run("Read the cluster for completions", getContainer(),
                m -> ClusterAccess.facts(ClusterAccess.fleet()), f -> facts = f,
                e -> Problems.log(Problems.describe("Completions without cluster values", e)));
    }

    // ------------------------------------------------------------------------------------------- host

    @Override
    public UnitDocument model() {
        return model;
    }

    @Override
    public void save() {
        doSave(null);
    }

    @Override
    public void submit() {
        if (getEditorInput() instanceof UnitEditorInput u && u.cluster() != null) {
            ClusterProfile active = ClusterConnection.active().profile();
            if (active == null || !active.id().equals(u.cluster().id())) {
                // never send a unit read from one cluster to another one by accident
                tell("Not submitted: " + u.unitName() + " was opened from cluster " + u.cluster().name()
                        + " but the active cluster is " + (active == null ? "none" : active.name())
                        + "; switch back in the Connections view", IMessageProvider.ERROR);
                return;
            }
        }
        UnitSubmitter.submit(getContainer(), model, outcome -> {
            if (outcome.accepted() && file == null) {
                model.markSaved();
            }
            tell(outcome.message(), outcome.accepted() ? IMessageProvider.INFORMATION : IMessageProvider.ERROR);
        });
    }

    // ------------------------------------------------------------------------------------------- saving

    @Override
    public void doSave(IProgressMonitor monitor) {
        if (file == null) {
            submit();
            return;
        }
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, model.bytes());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            model.markSaved();
            tell("Saved " + file + (model.hasErrors() ? " (it still has errors)" : ""), IMessageProvider.INFORMATION);
        } catch (IOException e) {
            tell("Not saved: cannot write " + file + ": " + e.getMessage(), IMessageProvider.ERROR);
            if (monitor != null) {
                monitor.setCanceled(true);
            }
        }
    }

    @Override
    public void doSaveAs() {
        // units are saved where they came from
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isDirty() {
        return model != null && model.isDirty();
    }

    private void tell(String message, int type) {
        lastMessage = message;
        if (formPage != null && formPage.getManagedForm() != null
                && !formPage.getManagedForm().getForm().isDisposed()) {
            formPage.getManagedForm().getForm().setMessage(message, type);
        }
    }

    // ------------------------------------------------------------------------------------------- for views and tests

    /** The last thing saving or submitting said. */
    public String lastMessage() {
        return lastMessage;
    }

    /** The file this editor writes, or null for a unit of the cluster. */
    public Path file() {
        return file;
    }

    public UnitFormPage formPage() {
        return formPage;
    }

    public UnitSourcePage sourcePage() {
        return sourcePage;
    }

    public void showForm() {
        setActivePage(0);
    }

    /** 0 for the form page, 1 for the source page. */
    public int activePageIndex() {
        return getActivePage();
    }

    public void showSource() {
        setActivePage(sourceIndex);
    }

}
