package io.patchbay.framework.impl.container;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/** Facts about a bundle's state that the swap, the restore and the health gate share. */
public final class BundleStates {
    private BundleStates() {
    }

    public static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /**
     * Whether the framework is to keep this bundle running: it was started persistently. Patchbay stops bundles only
     * transiently during a swap, so this survives the swap, a failed update and a crash, and says which bundles a
     * restore must start again.
     */
    public static boolean meantToRun(Bundle bundle) {
        if (isFragment(bundle) || bundle.getState() == Bundle.UNINSTALLED) {
            return false;
        }
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel != null && startLevel.isPersistentlyStarted();
    }

    public static String name(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }
}
