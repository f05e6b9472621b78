package io.patchbay.policy.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A host whose answers a test sets, recording every call. Unset answers keep the interface's defaults. */
class FakeHost implements HostCallbacks {

    volatile Supplier<Boolean> idle;
    volatile Supplier<CompletionStage<UserChoice>> answer;
    volatile Runnable onDisable;
    volatile Runnable onShutDown;
    volatile Runnable onWarning;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<UpdateOffer> offers = new CopyOnWriteArrayList<>();
    final List<DeadlineWarning> warnings = new CopyOnWriteArrayList<>();
    final List<Set<String>> disabled = new CopyOnWriteArrayList<>();
    final List<String> shutDowns = new CopyOnWriteArrayList<>();

    static CompletionStage<UserChoice> now(UserChoice c) {
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public boolean isIdle() {
        calls.add("isIdle");
        Supplier<Boolean> s = idle;
        return s == null ? HostCallbacks.super.isIdle() : s.get();
    }

    @Override
    public CompletionStage<UserChoice> askUser(UpdateOffer offer) {
        calls.add("askUser");
        offers.add(offer);
        Supplier<CompletionStage<UserChoice>> s = answer;
        return s == null ? HostCallbacks.super.askUser(offer) : s.get();
    }

    @Override
    public void deadlineWarning(DeadlineWarning warning) {
        calls.add("deadlineWarning");
        warnings.add(warning);
        if (onWarning != null) {
            onWarning.run();
        }
    }

    @Override
    public void disableFeatures(Set<String> features, String reason) {
        calls.add("disableFeatures");
        if (onDisable == null) {
            HostCallbacks.super.disableFeatures(features, reason);
        }
        onDisable.run();
        disabled.add(features);
    }

    @Override
    public void shutDown(String reason) {
        calls.add("shutDown");
        if (onShutDown == null) {
            HostCallbacks.super.shutDown(reason);
        }
        onShutDown.run();
        shutDowns.add(reason);
    }

    List<String> callsOf(String name) {
        List<String> out = new ArrayList<>();
        for (String c : calls) {
            if (c.equals(name)) {
                out.add(c);
            }
        }
        return out;
    }
}
