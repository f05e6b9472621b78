package io.patchbay.framework.testlib;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A library package test bundles export and import. {@link #text()} names the revision of the exporting bundle whose
 * class loader defined this class, so an importer shows which revision of the library it is wired to, even while a
 * newer one is installed but not yet refreshed in.
 */
public final class Lib {
    private Lib() {
    }

    public static String text() {
        Bundle bundle = FrameworkUtil.getBundle(Lib.class);
        for (BundleRevision revision : bundle.adapt(BundleRevisions.class).getRevisions()) {
            BundleWiring wiring = revision.getWiring();
            if (wiring != null && wiring.getClassLoader() == Lib.class.getClassLoader()) {
                return "lib " + revision.getVersion();
            }
        }
        return "lib of no known revision";
    }
}
