package io.codexlb.port.out;

/** The fake keeps the contract it stands in for. */
class FakeReadinessProbeTest extends ReadinessProbeContract {

  private static final String SECRET = "s3cret-password";

  @Override
  protected ReadinessProbe workingProbe() {
    return new FakeReadinessProbe("store");
  }

  @Override
  protected ReadinessProbe unreachableProbe() {
    FakeReadinessProbe probe = new FakeReadinessProbe("store");
    probe.down("store unreachable: connection refused");
    return probe;
  }

  @Override
  protected String secretInConfiguration() {
    return SECRET;
  }
}
