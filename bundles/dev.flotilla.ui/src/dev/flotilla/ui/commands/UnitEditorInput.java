package dev.flotilla.ui.commands;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * What the unit editor ({@value #EDITOR_ID}, another bundle) edits: the unit {@code unitName} of the cluster
 * with profile id {@code clusterId} (null: the active one). Not persisted: a unit is reread when edited.
 */
public final class UnitEditorInput implements IEditorInput {

    public static final String EDITOR_ID = "dev.flotilla.ui.editor.unit";

    private final String clusterId;
    private final String unitName;

    public UnitEditorInput(String clusterId, String unitName) {
        this.clusterId = clusterId;
        this.unitName = Objects.requireNonNull(unitName, "unitName");
    }

    public String clusterId() {
        return clusterId;
    }

    public String unitName() {
        return unitName;
    }

    @Override
    public boolean exists() {
        return false; // keeps it off the recently-opened list: it names a remote unit
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return ImageDescriptor.getMissingImageDescriptor();
    }

    @Override
    public String getName() {
        return unitName;
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return unitName + (clusterId == null ? "" : " (" + clusterId + ")");
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitEditorInput other && unitName.equals(other.unitName)
                && Objects.equals(clusterId, other.clusterId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, unitName);
    }
}
