package io.codexlb.application;

import io.codexlb.port.out.LeaseGrant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A lease call's answer ({@link io.codexlb.port.out.LimitLeaseRepository#lease}): the grant, empty
 * for a limit the store does not have, or the failure that kept the store from answering.
 */
record LeaseAnswer(Optional<LeaseGrant> grant, @Nullable Throwable failure) {

  /** The store answered that it has no such limit: nothing to check there. */
  boolean unlimited() {
    return failure == null && grant.isEmpty();
  }

  /** The store granted something. */
  boolean grantedSome() {
    return grant.map(g -> g.granted() > 0).orElse(false);
  }

  /** The store answered, and this instance is the only one leasing on the limit. */
  boolean soleHolder() {
    return grant.map(g -> g.holders() == 1).orElse(false);
  }
}
