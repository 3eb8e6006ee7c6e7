package io.codexlb.testkit.oauth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ChatGPT account of the fake OAuth server: the claims its id_tokens carry, how its refreshes
 * fail (if they do), and what happened to it. Created by {@link FakeOAuthServer#account(String)};
 * thread-safe.
 */
public final class FakeOAuthAccount {

  private final FakeOAuthServer server;
  private final String accountId;
  private volatile String email;
  private volatile String planType = "plus";
  private volatile RefreshFailure refreshFailure;
  private final AtomicInteger refreshCalls = new AtomicInteger();
  private final AtomicInteger rotations = new AtomicInteger();
  private final AtomicInteger reuseAttempts = new AtomicInteger();

  FakeOAuthAccount(FakeOAuthServer server, String accountId) {
    this.server = server;
    this.accountId = accountId;
    this.email = accountId + "@example.com";
  }

  /** The {@code chatgpt_account_id}. */
  public String accountId() {
    return accountId;
  }

  /** The {@code email} claim ({@code <accountId>@example.com} unless set). */
  public String email() {
    return email;
  }

  /** The {@code chatgpt_plan_type} claim ({@code plus} unless set). */
  public String planType() {
    return planType;
  }

  /** Sets the {@code email} claim of tokens issued from now on. */
  public FakeOAuthAccount withEmail(String newEmail) {
    this.email = requireText("email", newEmail);
    return this;
  }

  /** Sets the {@code chatgpt_plan_type} claim of tokens issued from now on. */
  public FakeOAuthAccount withPlan(String newPlanType) {
    this.planType = requireText("planType", newPlanType);
    return this;
  }

  /**
   * Refreshes of this account fail with {@code failure} until {@link #refreshesSucceed()}; nothing
   * rotates, so the presented refresh token stays valid.
   */
  public FakeOAuthAccount failsRefreshWith(RefreshFailure failure) {
    if (failure == null) {
      throw new IllegalArgumentException("failure: null (expected: a RefreshFailure)");
    }
    this.refreshFailure = failure;
    return this;
  }

  /** Refreshes of this account succeed again. */
  public FakeOAuthAccount refreshesSucceed() {
    this.refreshFailure = null;
    return this;
  }

  /**
   * Issues a new token set as a login would (a new refresh token family, independent of earlier
   * ones), for tests that seed an account without going through a login flow.
   */
  public IssuedTokens issueTokens() {
    return server.issue(this);
  }

  /** How many refresh grants presented a refresh token of this account (held ones included). */
  public int refreshCalls() {
    return refreshCalls.get();
  }

  /** How many refresh grants of this account rotated a token (successful refreshes). */
  public int rotations() {
    return rotations.get();
  }

  /** How many refresh grants presented a refresh token of this account that was already used. */
  public int reuseAttempts() {
    return reuseAttempts.get();
  }

  RefreshFailure refreshFailure() {
    return refreshFailure;
  }

  void countRefreshCall() {
    refreshCalls.incrementAndGet();
  }

  void countRotation() {
    rotations.incrementAndGet();
  }

  void countReuse() {
    reuseAttempts.incrementAndGet();
  }

  private static String requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a non-blank value)");
    }
    return value;
  }
}
