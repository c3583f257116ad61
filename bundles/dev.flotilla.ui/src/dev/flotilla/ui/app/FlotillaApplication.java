package dev.flotilla.ui.app;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import java.util.List;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.connection.ClusterRegistry;
import dev.flotilla.ui.connection.InvalidEndpointException;

/**
 * The product's application: picks the cluster from {@code --connect URL} (or {@code -Dflotilla.connect}),
 * else the first saved cluster, else a local node, and runs the workbench.
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
     * Connects {@link ClusterConnection#active()} to the cluster the launch names (kept for this session
     * only), or to the first saved one. A bad URL does not stop the workbench: it opens unconnected and
     * says why, and the user picks another cluster.
     */
    public static void configureConnection(String[] programArgs) {
        ClusterRegistry registry = ClusterRegistry.get();
        String property = System.getProperty(ClusterEndpoint.PROPERTY);
        boolean named = property != null && !property.isBlank() || List.of(programArgs).stream()
                .anyMatch(a -> a != null && (a.equals(ClusterEndpoint.ARGUMENT) || a.startsWith(ClusterEndpoint.ARGUMENT + "=")));
        try {
            if (!named && !registry.profiles().isEmpty()) {
                ClusterConnection.active().connect(registry.profiles().get(0));
                return;
            }
            ClusterEndpoint endpoint = ClusterEndpoint.fromLaunch(programArgs, property);
            ClusterProfile profile = registry.profiles().stream()
                    .filter(p -> p.endpoints().equals(List.of(endpoint.uri()))).findFirst()
                    .orElseGet(() -> ClusterProfile.create(endpoint.uri().getAuthority(), List.of(endpoint.uri()),
                            registry.nextColour()));
            if (!registry.isSaved(profile)) {
                registry.addTransient(profile);
            }
            ClusterConnection.active().connect(profile);
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
