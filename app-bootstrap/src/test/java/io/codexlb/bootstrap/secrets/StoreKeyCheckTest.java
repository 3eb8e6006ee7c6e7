package io.codexlb.bootstrap.secrets;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.ReversingSecretCipher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreKeyCheckTest {

  private final InMemoryStoreMetadataRepository metadata = new InMemoryStoreMetadataRepository();
  private final Path keyFile = Path.of("/data/encryption.key");

  @Test
  void aNewStoreTakesTheKeyAndTheSameKeyPassesAgain() {
    ReversingSecretCipher cipher = new ReversingSecretCipher("sha256:aaaa");

    assertThat(await(StoreKeyCheck.verify(metadata, cipher, keyFile))).isEmpty();
    assertThat(await(StoreKeyCheck.verify(metadata, cipher, keyFile))).isEmpty();
    assertThat(await(metadata.claimKeyFingerprint("sha256:aaaa")))
        .isInstanceOf(KeyFingerprintCheck.Matches.class);
  }

  @Test
  void anotherKeyIsRefusedWithBothFingerprintsAndTheFile() {
    await(StoreKeyCheck.verify(metadata, new ReversingSecretCipher("sha256:aaaa"), keyFile));

    assertThat(
            await(
                StoreKeyCheck.verify(metadata, new ReversingSecretCipher("sha256:bbbb"), keyFile)))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains(keyFile.toString())
                    .contains("(sha256:bbbb) is not the key")
                    .contains("sealed with (sha256:aaaa)")
                    .contains("Nothing was changed")
                    .doesNotContain("\n"));
    assertThat(await(metadata.claimKeyFingerprint("sha256:aaaa")))
        .isInstanceOf(KeyFingerprintCheck.Matches.class);
  }
}
