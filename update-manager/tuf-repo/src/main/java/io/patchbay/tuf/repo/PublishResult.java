package io.patchbay.tuf.repo;

import java.util.List;

/**
 * What an operation left behind.
 *
 * @param published files written under metadata/ (e.g. "3.targets.json", "timestamp.json"); empty when staged
 * @param staged    roles waiting for more signatures, with what they lack ("targets v3: 1 of 2 signatures")
 */
public record PublishResult(List<String> published, List<String> staged) {

    public PublishResult {
        published = List.copyOf(published);
        staged = List.copyOf(staged);
    }

    public boolean isPublished() {
        return staged.isEmpty();
    }
}
