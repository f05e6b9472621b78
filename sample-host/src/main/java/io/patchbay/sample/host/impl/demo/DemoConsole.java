package io.patchbay.sample.host.impl.demo;

import java.io.PrintWriter;
import java.util.List;

/**
 * The demo's narration: numbered steps, indented results, and a tally of surprises. Public for the fleet demo in
 * e2e/, which tells its story the same way.
 */
public final class DemoConsole {

    private final PrintWriter out;
    private int step;
    private int surprises;

    public DemoConsole(PrintWriter out) {
        this.out = out;
    }

    public void title(String title) {
        out.println();
        out.println(title);
        out.println("=".repeat(title.length()));
    }

    public void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }

    public void say(String line) {
        out.println("   " + line);
        out.flush();
    }

    public void say(List<String> lines) {
        lines.forEach(this::say);
    }

    /** Notes whether what happened is what the step meant to show. */
    public void check(boolean asExpected, String expectation) {
        if (asExpected) {
            say("OK: " + expectation);
        } else {
            surprises++;
            say("UNEXPECTED: wanted " + expectation);
        }
    }

    public int surprises() {
        return surprises;
    }
}
