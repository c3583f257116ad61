package dev.flotilla.ui.app;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import dev.flotilla.ui.connection.ClusterConnection;

/** Window shape: menus, status line with the connection, progress indicator, title naming the cluster. */
final class FlotillaWindowAdvisor extends WorkbenchWindowAdvisor {

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
        var endpoint = ClusterConnection.active().endpoint();
        configurer.setTitle(endpoint == null ? "Flotilla" : "Flotilla — " + endpoint);
    }
}
