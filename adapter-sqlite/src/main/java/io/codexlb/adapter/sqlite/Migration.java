package io.codexlb.adapter.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forward-only schema change, read from a resource named {@code V<version>__<description>.sql}
 * next to this class, in {@code migrations/}.
 *
 * @param version its version, from 1, each one more than the last
 * @param description what it does, from the file name
 * @param statements its SQL statements, in order
 */
record Migration(int version, String description, List<String> statements) {

  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  /** Every migration, oldest first; a new migration is a new resource and a new line here. */
  static List<Migration> all() {
    return List.of(
        load("V001__initial.sql"),
        load("V002__client_request_ids.sql"),
        load("V003__admin_auth.sql"),
        load("V004__audit_logs.sql"),
        load("V005__request_log_retention_setting.sql"),
        load("V006__usage_rollups.sql"),
        load("V007__token_refresh.sql"),
        load("V008__usage_history.sql"));
  }

  /** The version the code needs: the last migration's. */
  static int latestVersion() {
    List<Migration> all = all();
    return all.get(all.size() - 1).version();
  }

  static Migration load(String fileName) {
    Matcher name = NAME.matcher(fileName);
    if (!name.matches()) {
      throw new IllegalArgumentException(
          "fileName: " + fileName + " (expected: V<version>__<description>.sql)");
    }
    String resource = "migrations/" + fileName;
    try (InputStream in = Migration.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration " + resource + " is missing from the jar");
      }
      return new Migration(
          Integer.parseInt(name.group(1)),
          name.group(2).replace('_', ' '),
          statements(new String(in.readAllBytes(), UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + resource, e);
    }
  }

  // The migrations are ours: statements end with ';' at the end of a line, and comments take whole
  // lines, so no SQL parser is needed (the driver runs one statement per call).
  private static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration ends without ';': " + current.toString().strip());
    }
    return List.copyOf(statements);
  }
}
