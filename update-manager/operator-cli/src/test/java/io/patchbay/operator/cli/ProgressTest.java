package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void barShowsFractionAndBytes() {
        assertEquals("a.jar [###############               ]  50% 1.0 KiB", Progress.bar("a.jar", 1024, 2048));
        assertEquals("a.jar [##############################] 100% 2.0 MiB", Progress.bar("a.jar", 3 << 20, 2 << 20));
    }

    @Test
    void nothingIsDrawnWhenStderrIsNotATerminal() throws Exception {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new Io(new PrintWriter(new StringWriter()), new PrintWriter(err), false, null), "x", 10);
        Thread.sleep(1100);
        progress.update(5);
        progress.finish();
        assertEquals("", err.toString());
    }

    @Test
    void aTransferOverASecondIsDrawnOnATerminalAndEndsWithANewline() throws Exception {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new Io(new PrintWriter(new StringWriter()), new PrintWriter(err), true, null), "x", 10);
        progress.update(1);
        assertEquals("", err.toString(), "nothing in the first second");
        Thread.sleep(1100);
        progress.update(5);
        progress.finish();
        assertEquals("\rx [###############               ]  50% 5 B\rx [##############################] 100% 10 B\n", err.toString());
    }
}
