package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Derives the sticky key of a request from plain values, so the rule is the same for every adapter.
 *
 * <p>Precedence, first usable source wins:
 *
 * <ol>
 *   <li>{@code prompt_cache_key} from the request body (the troubleshooting guide's documented key;
 *       Codex CLI puts its session UUID there);
 *   <li>the {@code session_id} header, then {@code session-id} (Codex CLI sends the latter);
 *   <li>the {@code x-codex-turn-state} header.
 * </ol>
 *
 * <p>A source is unusable when it is absent, blank or longer than {@link StickyKey#MAX_LENGTH}: it
 * is skipped rather than failing the request, since a missing sticky key only costs cache reuse.
 * Values are stripped of surrounding whitespace before use.
 */
public final class StickyKeys {

  /** Header names in the order they are consulted, in lower case. */
  public static final List<String> SESSION_HEADERS =
      List.of("session_id", "session-id", "x-codex-turn-state");

  private StickyKeys() {}

  /**
   * The sticky key of a request, if it carries one.
   *
   * @param promptCacheKey the body's {@code prompt_cache_key}, or {@code null} when absent
   * @param header the value of a header by its lower-case name, or {@code null} when absent; the
   *     adapter matches names case-insensitively, as HTTP requires
   */
  public static Optional<StickyKey> from(
      @Nullable String promptCacheKey, Function<String, @Nullable String> header) {
    requireNonNull(header, "header");
    Optional<StickyKey> fromBody = usable(promptCacheKey);
    if (fromBody.isPresent()) {
      return fromBody;
    }
    for (String name : SESSION_HEADERS) {
      Optional<StickyKey> fromHeader = usable(header.apply(name));
      if (fromHeader.isPresent()) {
        return fromHeader;
      }
    }
    return Optional.empty();
  }

  private static Optional<StickyKey> usable(@Nullable String candidate) {
    if (candidate == null) {
      return Optional.empty();
    }
    String stripped = candidate.strip();
    return StickyKey.isAcceptable(stripped)
        ? Optional.of(new StickyKey(stripped))
        : Optional.empty();
  }
}
