package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A usage range cut for a store that keeps hourly rollups ({@link HourlyUsage}): the whole UTC
 * hours inside it, read from the rollups, and the ragged ends before the first and after the last
 * whole hour (each under an hour), read from the logs themselves. Together they cover {@code [from,
 * to)} exactly once.
 *
 * @param from the range's start, inclusive
 * @param to the range's end, exclusive
 * @param firstHour the first whole hour's start, as epoch milliseconds: {@code from} rounded up
 * @param endHour the end of the last whole hour, as epoch milliseconds: {@code to} rounded down
 */
public record UsageRange(Instant from, Instant to, long firstHour, long endHour) {

  /** A part of the range read from the logs: {@code from <= requestedAt < to}. */
  public record Edge(Instant from, Instant to) {
    public Edge {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
    }
  }

  public UsageRange {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
  }

  /** {@code [from, to)} cut at whole hours. */
  public static UsageRange of(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    long fromHour = HourlyUsage.hourOf(from);
    long firstHour =
        Instant.ofEpochMilli(fromHour).equals(from) ? fromHour : fromHour + HourlyUsage.HOUR_MILLIS;
    return new UsageRange(from, to, firstHour, HourlyUsage.hourOf(to));
  }

  /** Whether at least one whole hour lies inside the range. */
  public boolean hasWholeHours() {
    return firstHour < endHour;
  }

  /**
   * The parts to read from the logs: the ends outside the whole hours, or the whole range when it
   * holds no whole hour; none for an empty range.
   */
  public List<Edge> rawEdges() {
    List<Edge> edges = new ArrayList<>(2);
    if (!hasWholeHours()) {
      if (from.isBefore(to)) {
        edges.add(new Edge(from, to));
      }
      return edges;
    }
    Instant first = Instant.ofEpochMilli(firstHour);
    Instant end = Instant.ofEpochMilli(endHour);
    if (from.isBefore(first)) {
      edges.add(new Edge(from, first));
    }
    if (end.isBefore(to)) {
      edges.add(new Edge(end, to));
    }
    return edges;
  }
}
