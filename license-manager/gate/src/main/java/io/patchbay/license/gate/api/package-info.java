/**
 * The license gate bundle's one input: the {@link io.patchbay.license.gate.api.FeatureSource} service saying which
 * features are licensed. The gate turns it into the framework's {@code FeatureGate} and starts or stops the bundles
 * that need those features ({@code Patchbay-Feature}) as it changes.
 */
@Export
@Version("1.0.0")
package io.patchbay.license.gate.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
