package dev.flotilla.ui.editor;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import dev.flotilla.ui.connection.ClusterProfile;

/**
 * A unit of a cluster opened in the editor: its name, the text it was opened with and the cluster it belongs to
 * (null: the active one). Two inputs for the same unit of the same cluster are equal, so opening it twice shows the
 * editor already open.
 */
public final class UnitEditorInput implements IEditorInput {

    private final String unitName;
    private final String text;
    private final ClusterProfile cluster;

    public UnitEditorInput(String unitName, String text, ClusterProfile cluster) {
        this.unitName = Objects.requireNonNull(unitName, "unitName");
        this.text = Objects.requireNonNull(text, "text");
        this.cluster = cluster;
    }

    public String unitName() {
        return unitName;
    }

    /** The unit file as it was when opened. */
    public String text() {
        return text;
    }

    /** The cluster, or null for the active one. */
    public ClusterProfile cluster() {
        return cluster;
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
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
        return unitName + (cluster == null ? "" : " on " + cluster.name());
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitEditorInput i && i.unitName.equals(unitName)
                && Objects.equals(i.cluster == null ? null : i.cluster.id(), cluster == null ? null : cluster.id());
    }

    @Override
    public int hashCode() {
        return unitName.hashCode();
    }
}
