package dev.flotilla.ui.editor;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IPersistableElement;

/** A unit file on disk. The editor also takes any other path input. */
public final class UnitFileEditorInput implements IPathEditorInput {

    private final Path path;

    public UnitFileEditorInput(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    @Override
    public IPath getPath() {
        return IPath.fromOSString(path.toString());
    }

    @Override
    public boolean exists() {
        return Files.exists(path);
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return path.getFileName().toString();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return path.toString();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitFileEditorInput i && i.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
