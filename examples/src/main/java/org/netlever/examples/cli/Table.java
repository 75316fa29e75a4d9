package org.netlever.examples.cli;

import java.util.List;

/**
 * An aligned text table: headings, then one line per row, each column as wide as its widest cell, two spaces apart;
 * the last column is not padded. Control characters in cells (a hostile circuit-id, say) are shown as {@code ?} so a
 * row stays one line and cannot move the terminal's cursor.
 *
 * <p>Thread-safe (stateless).
 */
final class Table {

    private Table() {
    }

    static String of(List<String> headings, List<List<String>> rows) {
        int[] width = new int[headings.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headings.get(i).length();
        }
        List<List<String>> clean = rows.stream().map(r -> r.stream().map(Table::printable).toList()).toList();
        for (List<String> row : clean) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, headings, width);
        for (List<String> row : clean) {
            line(s, row, width);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(width[i] - cell.codePointCount(0, cell.length()) + 2));
            }
        }
        s.append(line.toString().stripTrailing()).append('\n');
    }

    private static String printable(String cell) {
        StringBuilder out = new StringBuilder(cell.length());
        cell.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
