package io.codexlb.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the console: the first column left-aligned, the others right-aligned (they
 * hold numbers), columns two spaces apart.
 */
final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row of exactly as many cells as the header has. */
  TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "cells: " + cells.length + " (expected: " + header.size() + ", one per column)");
    }
    rows.add(List.of(cells));
    return this;
  }

  /** The table, one line per row after the header, each ending with a newline. */
  String render() {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        if (i > 0) {
          line.append("  ");
        }
        line.append(i == 0 ? cell + pad : pad + cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
