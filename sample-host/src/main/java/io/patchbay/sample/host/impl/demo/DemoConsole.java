package io.patchbay.sample.host.impl.demo;

import java.io.PrintWriter;
import java.util.List;

/** The demo's narration: numbered steps, indented results, and a tally of surprises. */
final class DemoConsole {

    private final PrintWriter out;
    private int step;
    private int surprises;

    DemoConsole(PrintWriter out) {
        this.out = out;
    }

    void title(String title) {
        out.println();
        out.println(title);
        out.println("=".repeat(title.length()));
    }

    void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }

    void say(String line) {
        out.println("   " + line);
        out.flush();
    }

    void say(List<String> lines) {
        lines.forEach(this::say);
    }

    /** Notes whether what happened is what the step meant to show. */
    void check(boolean asExpected, String expectation) {
        if (asExpected) {
            say("OK: " + expectation);
        } else {
            surprises++;
            say("UNEXPECTED: wanted " + expectation);
        }
    }

    int surprises() {
        return surprises;
    }
}
