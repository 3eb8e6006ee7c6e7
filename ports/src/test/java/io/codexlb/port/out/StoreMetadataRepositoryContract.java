package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StoreMetadataRepository}. An adapter's test extends this class and returns
 * a fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class StoreMetadataRepositoryContract {

  /** A repository over an empty store. */
  protected abstract StoreMetadataRepository newRepository() throws Exception;

  @Test
  void theFirstFingerprintIsClaimedAndTheSameOneMatchesLater() throws Exception {
    StoreMetadataRepository repository = newRepository();

    assertThat(await(repository.claimKeyFingerprint("sha256:aa")))
        .isEqualTo(new KeyFingerprintCheck.Claimed());
    assertThat(await(repository.claimKeyFingerprint("sha256:aa")))
        .isEqualTo(new KeyFingerprintCheck.Matches());
  }

  @Test
  void anotherFingerprintIsAMismatchAndChangesNothing() throws Exception {
    StoreMetadataRepository repository = newRepository();
    await(repository.claimKeyFingerprint("sha256:aa"));

    assertThat(await(repository.claimKeyFingerprint("sha256:bb")))
        .isEqualTo(new KeyFingerprintCheck.Mismatch("sha256:aa"));
    assertThat(await(repository.claimKeyFingerprint("sha256:aa")))
        .isEqualTo(new KeyFingerprintCheck.Matches());
  }
}
