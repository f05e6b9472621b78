package io.patchbay.framework.impl.service;

import io.patchbay.framework.api.SwapRecord;
import java.util.List;

/** The read and acknowledge side of the swap history, as the patch service offers it. */
public interface HistoryReader {

    List<SwapRecord> newest(int max);

    List<SwapRecord> unacknowledged(int max);

    void acknowledge(long sequence);
}
