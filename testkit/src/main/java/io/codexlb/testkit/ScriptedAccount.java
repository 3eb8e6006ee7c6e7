package io.codexlb.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The behaviour of one account of the fake backend: a queue of one-shot scripts, served first and
 * in order, then a standing script served to every later request. An account with neither falls
 * back to the backend's default script. Safe to change while requests are in flight.
 *
 * <p>Failover in a nutshell: {@code account("a").once(Script.failure(503)).respondsWith(ok)}.
 */
public final class ScriptedAccount {

  private final Queue<Script> once = new ConcurrentLinkedQueue<>();
  private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
  private volatile Script standing;
  private volatile UsageAnswer usage;

  ScriptedAccount(Script standing) {
    this.standing = standing;
  }

  /** Every request from now on (after the queued one-shot scripts) gets {@code script}. */
  public ScriptedAccount respondsWith(Script script) {
    if (script == null) {
      throw new IllegalArgumentException("script: null (expected: a script)");
    }
    standing = script;
    return this;
  }

  /** The next request not yet served by an earlier one-shot script gets {@code script}, once. */
  public ScriptedAccount once(Script script) {
    if (script == null) {
      throw new IllegalArgumentException("script: null (expected: a script)");
    }
    once.add(script);
    return this;
  }

  /** Shortcut for {@code respondsWith(Script.rateLimited(resetsAt))}. */
  public ScriptedAccount rateLimited(Instant resetsAt) {
    return respondsWith(Script.rateLimited(resetsAt));
  }

  /** Shortcut for {@code respondsWith(Script.quotaExceeded(resetsAt))}. */
  public ScriptedAccount quotaExceeded(Instant resetsAt) {
    return respondsWith(Script.quotaExceeded(resetsAt));
  }

  /** Shortcut for {@code respondsWith(Script.unauthorized())}. */
  public ScriptedAccount unauthorized() {
    return respondsWith(Script.unauthorized());
  }

  /** Shortcut for {@code respondsWith(Script.failure(status))}. */
  public ScriptedAccount failsWith(int status) {
    return respondsWith(Script.failure(status));
  }

  /** Shortcut: the default text in {@code sentDeltas + 1} deltas, cut after {@code sentDeltas}. */
  public ScriptedAccount cutsAfter(int sentDeltas) {
    return respondsWith(
        Script.text(StreamScript.DEFAULT_TEXT).inDeltas(sentDeltas + 1).cutAfter(sentDeltas));
  }

  /** Shortcut for {@code respondsWith(Script.overloaded())}. */
  public ScriptedAccount overloaded() {
    return respondsWith(Script.overloaded());
  }

  /** Shortcut for {@code respondsWith(Script.slowFirstByte(delay))}. */
  public ScriptedAccount slowFirstByte(Duration delay) {
    return respondsWith(Script.slowFirstByte(delay));
  }

  /**
   * Every request bearing {@code accessToken} (an expired one) gets 401 {@code token_expired},
   * whatever else is scripted, and consumes no script; requests with any other token are served as
   * scripted. How a test makes a token refresh necessary, and checks that the new token is used.
   */
  public ScriptedAccount rejectsToken(String accessToken) {
    if (accessToken == null || accessToken.isEmpty()) {
      throw new IllegalArgumentException("accessToken: empty (expected: a token)");
    }
    rejectedTokens.add(accessToken);
    return this;
  }

  /**
   * {@code GET {base}/wham/usage} answers {@code usage} (200) from now on. Until this is called an
   * account answers a plus plan with both windows at 0%, each resetting a whole window later.
   */
  public ScriptedAccount usage(WhamUsage usage) {
    return usageAnswers(UsageAnswer.ok(usage));
  }

  /** {@code GET {base}/wham/usage} answers {@code answer} (usage or an error) from now on. */
  public ScriptedAccount usageAnswers(UsageAnswer answer) {
    if (answer == null) {
      throw new IllegalArgumentException("answer: null (expected: a usage answer)");
    }
    usage = answer;
    return this;
  }

  /** The usage answer set by {@link #usage} or {@link #usageAnswers}, if any. */
  Optional<UsageAnswer> usageAnswer() {
    return Optional.ofNullable(usage);
  }

  /** Whether a request with this {@code Authorization} header gets 401 for its token. */
  boolean rejects(String authorization) {
    return authorization != null
        && authorization.startsWith("Bearer ")
        && rejectedTokens.contains(authorization.substring("Bearer ".length()));
  }

  /** The script for the next request, consuming a one-shot one; empty when none is set. */
  Optional<Script> next() {
    Script queued = once.poll();
    return queued != null ? Optional.of(queued) : Optional.ofNullable(standing);
  }
}
