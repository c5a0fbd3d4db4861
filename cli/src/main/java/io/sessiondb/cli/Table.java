package io.sessiondb.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows of text printed in aligned columns, the header first. Numeric columns are right-aligned. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    /** @param header the column names; a name starting with '#' marks a right-aligned column (the '#' is dropped) */
    Table(String... header) {
        numeric = new boolean[header.length];
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            numeric[i] = header[i].startsWith("#");
            names[i] = numeric[i] ? header[i].substring(1) : header[i];
        }
        rows.add(names);
    }

    /** Adds a row: one value per column, {@code null} printed as "-". */
    Table row(Object... values) {
        if (values.length != numeric.length) {
            throw new IllegalArgumentException("a row of " + values.length + " values in a table of " + numeric.length);
        }
        String[] row = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = Output.text(values[i]);
        }
        rows.add(row);
        return this;
    }

    /** @return the number of rows below the header */
    int size() {
        return rows.size() - 1;
    }

    /** @return the table, one line per row, columns separated by two spaces */
    List<String> lines() {
        int[] widths = new int[numeric.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + row[i] : row[i] + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
