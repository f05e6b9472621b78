package io.patchbay.license.testing;

import io.patchbay.license.api.LicenseCallbacks;
import io.patchbay.license.api.LicenseCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records every callback as a line, for assertions. */
public final class RecordingCallbacks implements LicenseCallbacks {

    public final List<String> events = new ArrayList<>();
    public final List<String> messages = new ArrayList<>();

    @Override
    public void expiringSoon(String feature, Instant at) {
        events.add("expiring " + feature + " " + at);
    }

    @Override
    public void inGrace(String feature, LicenseCode reason, Instant until) {
        events.add("grace " + feature + " " + reason);
    }

    @Override
    public void disabled(String feature, LicenseCode code, String message) {
        events.add("disabled " + feature + " " + code);
        messages.add(message);
    }

    @Override
    public void enabled(String feature) {
        events.add("enabled " + feature);
    }

    public List<String> drain() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
