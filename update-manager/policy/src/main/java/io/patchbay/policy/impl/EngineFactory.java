package io.patchbay.policy.impl;

import io.patchbay.policy.api.EngineSettings;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.policy.api.PolicyEngineFactory;

/** Registered in META-INF/services: what {@link PolicyEngine#builder()} builds. */
public final class EngineFactory implements PolicyEngineFactory {
    @Override
    public PolicyEngine create(EngineSettings settings) {
        return new DefaultPolicyEngine(settings);
    }
}
