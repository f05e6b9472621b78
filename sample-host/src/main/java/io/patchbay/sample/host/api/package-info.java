/**
 * The sample host as a library: start it on a loopback port with {@link io.patchbay.sample.host.api.SampleHost},
 * and find the build's sample bundles with {@link io.patchbay.sample.host.api.SampleBundles}. Tests and the
 * demo drive it the way a user would, over HTTP.
 */
@Export
@Version("1.1.0")
package io.patchbay.sample.host.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
