package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/** The {@link TufUpdater} the client builds: one {@link ClientSession}, calls serialized. */
public final class ClientUpdater implements TufUpdater {

    private final ClientSession session;

    public ClientUpdater(UpdaterSettings settings) {
        this.session = new ClientSession(settings);
    }

    @Override
    public synchronized RefreshResult refresh() {
        return session.refresh();
    }

    @Override
    public synchronized Optional<TargetFile> findTarget(String targetPath) {
        return session.findTarget(targetPath);
    }

    @Override
    public synchronized Optional<byte[]> cachedTarget(TargetFile target) {
        return session.cachedTarget(target);
    }

    @Override
    public synchronized byte[] download(TargetFile target) {
        return session.download(target);
    }

    @Override
    public synchronized byte[] fetchTarget(String targetPath) {
        return TufUpdater.super.fetchTarget(targetPath);
    }

    @Override
    public synchronized Root trustedRoot() {
        return session.trustedRoot();
    }
}
