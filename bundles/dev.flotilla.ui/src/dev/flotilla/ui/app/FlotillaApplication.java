package dev.flotilla.ui.app;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.connection.InvalidEndpointException;

/**
 * The product's application: picks the cluster from {@code --connect URL} (or {@code -Dflotilla.connect})
 * and runs the workbench.
 */
public final class FlotillaApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        Object args = context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        configureConnection(args instanceof String[] strings ? strings : new String[0]);
        Display.setAppName("Flotilla");
        Display display = PlatformUI.createDisplay();
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new FlotillaWorkbenchAdvisor());
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    /**
     * Points {@link ClusterConnection#active()} at the endpoint the launch names. A bad URL does not stop the
     * workbench: it opens unconnected and says why, and the user can type a good one.
     */
    public static void configureConnection(String[] programArgs) {
        try {
            ClusterConnection.active().connect(
                    ClusterEndpoint.fromLaunch(programArgs, System.getProperty(ClusterEndpoint.PROPERTY)));
        } catch (InvalidEndpointException e) {
            System.err.println("flotilla-workbench: " + e.getMessage());
            ClusterConnection.active().disconnect(e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
