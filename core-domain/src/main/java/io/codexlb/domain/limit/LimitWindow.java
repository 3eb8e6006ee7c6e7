package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * The fixed window over which a limit counts; {@link #wireName()} is the {@code limit_window} of
 * the API and the store. A window is the half-open interval {@code [start, reset)}: the instant of
 * a boundary already belongs to the next window.
 *
 * <p>{@code daily}, {@code weekly} (from Monday) and {@code monthly} follow UTC calendar
 * boundaries, so a daily limit resets at the next 00:00:00Z, as the troubleshooting guide shows.
 * {@code minute}, {@code hourly} and {@code 5h} are aligned to the Unix epoch: a 5h window starts
 * at a multiple of five hours since 1970-01-01T00:00:00Z (so at 00, 05, 10, 15 and 20 h UTC, then
 * shifted by one hour each day). Epoch alignment, rather than starting at a key's first use, keeps
 * a window a pure function of the instant: every instance sharing a store computes the same {@code
 * reset_at} without storing an anchor, and a limit's reset time is predictable to its user.
 */
public enum LimitWindow {
  /** Sixty seconds, aligned to the epoch. */
  MINUTE("minute", 60),
  /** One hour, aligned to the epoch (so on the UTC hour). */
  HOURLY("hourly", 3_600),
  /** Five hours, aligned to the epoch. */
  FIVE_HOURS("5h", 5 * 3_600),
  /** A UTC calendar day. */
  DAILY("daily", 0),
  /** A UTC calendar week, Monday 00:00:00Z to the next Monday. */
  WEEKLY("weekly", 0),
  /** A UTC calendar month, the 1st 00:00:00Z to the 1st of the next month. */
  MONTHLY("monthly", 0);

  private final String wireName;
  private final long fixedSeconds;

  LimitWindow(String wireName, long fixedSeconds) {
    this.wireName = wireName;
    this.fixedSeconds = fixedSeconds;
  }

  /** The name in the API, the dashboard and the store, e.g. {@code 5h}. */
  public String wireName() {
    return wireName;
  }

  /** The window with the given wire name, if there is one. */
  public static Optional<LimitWindow> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (LimitWindow window : values()) {
      if (window.wireName.equals(wireName)) {
        return Optional.of(window);
      }
    }
    return Optional.empty();
  }

  /** The start of the window that contains the instant. */
  public Instant startOf(Instant at) {
    requireNonNull(at, "at");
    return switch (this) {
      case MINUTE, HOURLY, FIVE_HOURS ->
          Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), fixedSeconds) * fixedSeconds);
      case DAILY -> midnight(utcDay(at));
      case WEEKLY -> midnight(utcDay(at).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
      case MONTHLY -> midnight(utcDay(at).withDayOfMonth(1));
    };
  }

  /**
   * The end of the window that contains the instant: its {@code reset_at}, always strictly after
   * the instant.
   */
  public Instant resetAfter(Instant at) {
    Instant start = startOf(at);
    return switch (this) {
      case MINUTE, HOURLY, FIVE_HOURS -> start.plusSeconds(fixedSeconds);
      case DAILY -> midnight(utcDay(start).plusDays(1));
      case WEEKLY -> midnight(utcDay(start).plusWeeks(1));
      case MONTHLY -> midnight(utcDay(start).plusMonths(1));
    };
  }

  private static LocalDate utcDay(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant midnight(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
