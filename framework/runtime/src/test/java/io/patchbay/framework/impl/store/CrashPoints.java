package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs an operation once per crash point: the power is cut before its first mutating file call, then before its
 * second, and so on, and finally right after it returned. Every disk image each cut can leave is checked.
 */
public final class CrashPoints {
    private CrashPoints() {
    }

    /** Checks one disk image left by a power cut. */
    public interface Check {
        /**
         * @param image    the disk after the cut, as the next process finds it
         * @param returned whether the operation had returned before the cut (so its effect must be durable)
         */
        void verify(SimulatedDisk image, boolean returned) throws Exception;
    }

    /**
     * @param setup     builds the disk as it is before the operation (called once per crash point)
     * @param operation the durable operation under test
     * @return how many disk images were checked
     */
    public static int everyCrashPoint(Supplier<SimulatedDisk> setup, Consumer<SimulatedDisk> operation, Check check)
            throws Exception {
        int images = 0;
        int cuts = 0;
        for (int n = 1; ; n++) {
            SimulatedDisk disk = setup.get();
            disk.crashAt(n);
            boolean returned;
            try {
                operation.accept(disk);
                returned = true;
            } catch (SimulatedDisk.PowerCut cut) {
                returned = false;
                cuts++;
            }
            for (SimulatedDisk image : disk.images()) {
                check.verify(image, returned);
                images++;
            }
            if (returned) {
                assertTrue(cuts > 0, "the operation made no file call to cut the power before");
                return images;
            }
        }
    }
}
