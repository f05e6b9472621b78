package io.patchbay.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table, so results paste straight into bench/RESULTS.md. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String title;

    Table(String title, String... header) {
        this.title = title;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] instanceof Double d ? String.format("%.2f", d) : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print() {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder("\n### ").append(title).append("\n\n");
        for (int n = 0; n < rows.size(); n++) {
            sb.append('|');
            for (int i = 0; i < cols; i++) {
                sb.append(' ').append(String.format("%-" + width[i] + "s", rows.get(n)[i])).append(" |");
            }
            sb.append('\n');
            if (n == 0) {
                sb.append('|');
                for (int i = 0; i < cols; i++) {
                    sb.append('-').append("-".repeat(width[i])).append("-|");
                }
                sb.append('\n');
            }
        }
        System.out.println(sb);
    }
}
