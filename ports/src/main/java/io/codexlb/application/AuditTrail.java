package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditLogRepository;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Writes what an admin did to the audit log: who ({@link AdminActor}), from where, when, which
 * action on which target, and the target before and after as JSON. Any admin action calls it with a
 * small {@link Action}; callers build {@code before} and {@code after} with {@link #json} from the
 * fields that may be shown, never a key, hash, token or password.
 *
 * <p>An entry that cannot be written does not undo the action (already done): it is logged as a
 * WARN with the action and target, and the stage completes normally.
 */
public final class AuditTrail {

  private static final Logger log = System.getLogger(AuditTrail.class.getName());

  private final AuditLogRepository entries;

  public AuditTrail(AuditLogRepository entries) {
    this.entries = requireNonNull(entries, "entries");
  }

  /**
   * One admin action.
   *
   * @param actor who, and from where
   * @param action what, {@code <target kind>.<verb>}: {@code api_key.update}, {@code account.pause}
   * @param targetId the target's id, if the action has a target
   * @param before the target before, as JSON without secrets, if it existed
   * @param after the target after, as JSON without secrets, if it still exists
   * @param at when
   */
  public record Action(
      AdminActor actor,
      String action,
      Optional<String> targetId,
      Optional<String> before,
      Optional<String> after,
      Instant at) {

    public Action {
      requireNonNull(actor, "actor");
      requireNonNull(action, "action");
      requireNonNull(targetId, "targetId");
      requireNonNull(before, "before");
      requireNonNull(after, "after");
      requireNonNull(at, "at");
    }
  }

  /** Appends the action; completes once written, or once a failure to write is logged. */
  public CompletionStage<Void> record(Action action) {
    requireNonNull(action, "action");
    AuditEntry entry =
        new AuditEntry(
            0,
            action.at(),
            action.actor().actor(),
            action.actor().address(),
            action.action(),
            action.targetId(),
            action.before(),
            action.after());
    return entries
        .append(entry)
        .handle(
            (stored, error) -> {
              if (error != null) {
                log.log(
                    Level.WARNING,
                    "audit log: {0} on {1} by {2} not recorded: {3}",
                    action.action(),
                    action.targetId().orElse("-"),
                    action.actor().actor(),
                    error.toString());
              }
              return null;
            });
  }

  /**
   * A JSON object of the given fields, in order: values may be strings, numbers, booleans, null,
   * collections of these, or maps (nested objects).
   */
  public static String json(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder();
    write(out, fields);
    return out.toString();
  }

  /** An ordered map for {@link #json}, from alternating names and values. */
  public static Map<String, Object> fields(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("namesAndValues: an odd count (expected: pairs)");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  private static void write(StringBuilder out, Object value) {
    if (value instanceof Optional<?> optional) {
      write(out, optional.isPresent() ? optional.get() : JsonNull.NULL);
    } else if (value instanceof JsonNull) {
      out.append("null");
    } else if (value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> field : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(field.getKey()));
        out.append(':');
        Object fieldValue = field.getValue();
        write(out, fieldValue == null ? JsonNull.NULL : fieldValue);
      }
      out.append('}');
    } else if (value instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item == null ? JsonNull.NULL : item);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private enum JsonNull {
    NULL
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
