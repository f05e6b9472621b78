package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/** The manifest sanity check: an OSGi R4+ bundle with a symbolic name, a version and parsable package headers. */
final class BundleHeaders {

    /** The identity read from a sane manifest. */
    record Identity(String symbolicName, Version version) {
    }

    private BundleHeaders() {
    }

    static Identity check(String artifact, Manifest manifest) {
        Attributes main = manifest.getMainAttributes();
        String manifestVersion = main.getValue(Constants.BUNDLE_MANIFESTVERSION);
        if (!"2".equals(trim(manifestVersion))) {
            throw invalid(artifact, "Bundle-ManifestVersion must be 2, is " + manifestVersion);
        }
        String bsnHeader = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw invalid(artifact, "Bundle-SymbolicName is missing");
        }
        String symbolicName;
        try {
            List<HeaderSyntax.Clause> clauses = HeaderSyntax.parse(bsnHeader);
            if (clauses.size() != 1 || clauses.get(0).paths().size() != 1) {
                throw new IllegalArgumentException("exactly one symbolic name expected");
            }
            symbolicName = clauses.get(0).paths().get(0);
        } catch (IllegalArgumentException e) {
            throw invalid(artifact, "Bundle-SymbolicName '" + bsnHeader + "': " + e.getMessage());
        }
        if (!HeaderSyntax.isSymbolicName(symbolicName)) {
            throw invalid(artifact, "Bundle-SymbolicName '" + symbolicName + "' is not a valid symbolic name");
        }
        Version version;
        try {
            version = Version.parseVersion(trim(main.getValue(Constants.BUNDLE_VERSION)));
        } catch (IllegalArgumentException e) {
            throw invalid(artifact, "Bundle-Version '" + main.getValue(Constants.BUNDLE_VERSION) + "': " + e.getMessage());
        }
        checkPackages(artifact, main, Constants.IMPORT_PACKAGE, true);
        checkPackages(artifact, main, Constants.EXPORT_PACKAGE, false);
        checkPackages(artifact, main, Constants.DYNAMICIMPORT_PACKAGE, null);
        return new Identity(symbolicName, version);
    }

    /** {@code importing}: true for a version range, false for a version, null for wildcards (dynamic imports). */
    private static void checkPackages(String artifact, Attributes main, String header, Boolean importing) {
        String value = main.getValue(header);
        if (value == null) {
            return;
        }
        try {
            for (HeaderSyntax.Clause clause : HeaderSyntax.parse(value)) {
                for (String path : clause.paths()) {
                    String name = importing == null && path.endsWith(".*") ? path.substring(0, path.length() - 2) : path;
                    if (!(importing == null && path.equals("*")) && !HeaderSyntax.isPackageName(name)) {
                        throw new IllegalArgumentException("'" + path + "' is not a package name");
                    }
                }
                String version = clause.attributes().get(Constants.VERSION_ATTRIBUTE);
                if (version != null) {
                    if (Boolean.FALSE.equals(importing)) {
                        Version.parseVersion(version);
                    } else {
                        new VersionRange(version);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw invalid(artifact, header + ": " + e.getMessage());
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static BundleRejectedException invalid(String artifact, String detail) {
        return new BundleRejectedException(artifact, Reason.INVALID_HEADERS, detail);
    }
}
