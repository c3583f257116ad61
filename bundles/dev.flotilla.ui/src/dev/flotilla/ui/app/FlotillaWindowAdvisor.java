package dev.flotilla.ui.app;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;

/** Window shape: menus, status line with the cluster, progress indicator, title naming the cluster. */
final class FlotillaWindowAdvisor extends WorkbenchWindowAdvisor {

    /** Keeps the title naming the cluster, so nobody acts on the wrong one. */
    private final ClusterConnection.Listener titleFollowsEndpoint = new ClusterConnection.Listener() {
        @Override
        public void clusterChanged(ClusterProfile profile) {
            Shell shell = getWindowConfigurer().getWindow().getShell();
            if (shell != null && !shell.isDisposed()) {
                shell.getDisplay().asyncExec(() -> {
                    if (!shell.isDisposed()) {
                        shell.setText(title(profile));
                    }
                });
            }
        }
    };

    FlotillaWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new FlotillaActionBarAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        configurer.setInitialSize(new Point(1200, 760));
        configurer.setShowCoolBar(false);
        configurer.setShowMenuBar(true);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true);
        configurer.setShowPerspectiveBar(false);
        configurer.setTitle(title(ClusterConnection.active().profile()));
    }

    @Override
    public void postWindowOpen() {
        ClusterConnection.active().addListener(titleFollowsEndpoint);
    }

    @Override
    public void postWindowClose() {
        ClusterConnection.active().removeListener(titleFollowsEndpoint);
    }

    private static String title(ClusterProfile profile) {
        return profile == null ? "Flotilla" : "Flotilla — " + profile.name() + " (" + profile.endpointList() + ")";
    }
}
