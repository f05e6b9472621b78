package io.patchbay.license.impl;

import io.patchbay.license.api.LicenseFactory;
import io.patchbay.license.api.TokenCodec;
import io.patchbay.license.impl.token.JoseTokenCodec;

/** The implementation the api finds through ServiceLoader. */
public final class LicenseFactoryImpl implements LicenseFactory {

    private static final TokenCodec TOKENS = new JoseTokenCodec();

    @Override
    public TokenCodec tokens() {
        return TOKENS;
    }
}
