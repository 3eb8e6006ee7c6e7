package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The ChatGPT plan of an account (the {@code chatgpt_plan_type} claim of its login), with the
 * default capacity routing weighs it by.
 *
 * <p>The capacities are upstream codex-lb's per-plan credit figures for the two windows: weekly
 * 1,134 credits for free, 7,560 for plus, team, business and edu, 50,400 for pro and enterprise;
 * per 5 hours 225 for plus, team, business and edu, 1,500 for pro and enterprise, and none for
 * free, whose plan has only a weekly window. Only their ratios matter to routing (a pro account
 * takes about 6.7 times the traffic of a plus account at equal usage), so they stay right as long
 * as the plans keep their relative sizes.
 */
public enum PlanType {
  /** ChatGPT Free: a small weekly allowance and no 5-hour window. */
  FREE("free", new PlanCapacity(0, 1_134)),
  /** ChatGPT Plus. */
  PLUS("plus", new PlanCapacity(225, 7_560)),
  /** ChatGPT Pro: about 6.7 times Plus. */
  PRO("pro", new PlanCapacity(1_500, 50_400)),
  /** ChatGPT Team: a seat counts like Plus. */
  TEAM("team", new PlanCapacity(225, 7_560)),
  /** ChatGPT Business (Team's successor): a seat counts like Plus. */
  BUSINESS("business", new PlanCapacity(225, 7_560)),
  /** ChatGPT Enterprise: a seat counts like Pro. */
  ENTERPRISE("enterprise", new PlanCapacity(1_500, 50_400)),
  /** ChatGPT Edu: a seat counts like Plus. */
  EDU("edu", new PlanCapacity(225, 7_560));

  private final String wireName;
  private final PlanCapacity capacity;

  PlanType(String wireName, PlanCapacity capacity) {
    this.wireName = wireName;
    this.capacity = capacity;
  }

  /** The lower case name used upstream, on the wire and in the store, e.g. {@code plus}. */
  public String wireName() {
    return wireName;
  }

  /** The default capacity of one account on this plan. */
  public PlanCapacity capacity() {
    return capacity;
  }

  /**
   * The plan with this name, ignoring case and surrounding blanks, or empty for a plan this version
   * does not know; the caller decides what an unknown plan counts as.
   */
  public static Optional<PlanType> fromWireName(String name) {
    requireNonNull(name, "name");
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    for (PlanType plan : values()) {
      if (plan.wireName.equals(normalized)) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
