package io.hamok.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table: readable as plain text and rendered by Git hosts. Numbers are right-aligned. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public void add(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        rows.add(row);
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], c < row.size() ? row.get(c).length() : 0);
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths, false);
        out.append('|');
        for (int width : widths) {
            out.append('-').append("-".repeat(width)).append("-|");
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths, true));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean alignNumbers) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            boolean right = alignNumbers && !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-');
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(' ').append(right ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    public static String opsPerSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    public static String micros(double value) {
        return value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    public static String ratio(double hamok, double reference) {
        return reference <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", hamok / reference);
    }

    public static String decimal(double value) {
        return value <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
