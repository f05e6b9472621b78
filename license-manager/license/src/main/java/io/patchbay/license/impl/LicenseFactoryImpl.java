package io.patchbay.license.impl;

import io.patchbay.license.api.ClientSettings;
import io.patchbay.license.api.FingerprintSource;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseFactory;
import io.patchbay.license.api.TokenCodec;
import io.patchbay.license.impl.identity.SystemFingerprintSource;
import io.patchbay.license.impl.state.DefaultLicenseClient;
import io.patchbay.license.impl.token.JoseTokenCodec;
import java.io.IOException;

/** The implementation the api finds through ServiceLoader. */
public final class LicenseFactoryImpl implements LicenseFactory {

    private static final TokenCodec TOKENS = new JoseTokenCodec();

    @Override
    public TokenCodec tokens() {
        return TOKENS;
    }

    @Override
    public LicenseClient open(ClientSettings settings) throws IOException {
        return DefaultLicenseClient.open(settings);
    }

    @Override
    public FingerprintSource systemFingerprint() {
        return SystemFingerprintSource.running();
    }
}
