package io.patchbay.license.server.impl;

import io.patchbay.license.server.impl.http.AdminRoutes;
import io.patchbay.license.server.impl.http.DeviceRoutes;
import io.patchbay.license.server.impl.keys.VendorKeys;
import io.patchbay.license.server.impl.service.ActivationService;
import io.patchbay.license.server.impl.service.Issuer;
import io.patchbay.license.server.impl.service.LeaseService;
import io.patchbay.license.server.impl.service.Windows;
import io.patchbay.license.server.impl.store.Nonces;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRoutes;
import io.patchbay.server.spi.ServerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license server as an update-server extension (listed in META-INF/services): id {@code license}, schema history
 * {@code license_schema_history}, vendor keys in {@code <data>/extensions/license/vendor-keys/}.
 */
public final class LicenseExtension implements ServerExtension {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseExtension.class);

    @Override
    public String id() {
        return "license";
    }

    @Override
    public String migrationLocation() {
        return "db/license";
    }

    @Override
    public void start(ExtensionContext context, ExtensionRoutes routes) throws Exception {
        VendorKeys keys = VendorKeys.open(context.privateDirectory(), context.random());
        Issuer issuer = new Issuer(keys);
        ActivationService activations = new ActivationService(context, issuer, Windows.DEFAULT);
        LeaseService leases = new LeaseService(context, issuer, Windows.DEFAULT);
        new DeviceRoutes(activations, leases).register(routes);
        new AdminRoutes(context, keys, activations).register(routes);
        // Nonces past their window are dropped at each start (and every so many requests): an activation signed that
        // long ago is refused as stale, and a renewal replayed after it presents a used freshness value.
        int purged = context.inTransaction(c -> Nonces.purge(c, context.clock().instant()));
        LOG.info("license server ready: vendor key {}, {} expired nonce(s) purged", keys.activeId(), purged);
    }
}
