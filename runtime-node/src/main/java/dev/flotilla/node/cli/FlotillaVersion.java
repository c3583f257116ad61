package dev.flotilla.node.cli;

import picocli.CommandLine;

/** Reports the version the build stamped into the jar manifest. */
final class FlotillaVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FlotillaVersion.class.getPackage().getImplementationVersion();
        return new String[] {"flotilla " + (v == null ? "dev" : v)};
    }
}
