package io.codexlb.bootstrap.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codexlb.port.out.SealedSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionKeyFileTest {

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();

  @Test
  void aMissingFileIsCreatedWithANewKeyReadableOnlyByItsOwner() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("encryption.key");

    byte[] key = EncryptionKeyFile.loadOrCreate(file, random);

    assertThat(key).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file, StandardCharsets.US_ASCII))
        .isEqualTo(Base64.getUrlEncoder().encodeToString(key) + "\n");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void readingAgainGivesTheSameKey() {
    Path file = dir.resolve("encryption.key");
    byte[] created = EncryptionKeyFile.loadOrCreate(file, random);

    assertThat(EncryptionKeyFile.loadOrCreate(file, random)).isEqualTo(created);
  }

  @Test
  void theCipherFromAKeyFileOpensWhatTheSameFileSealedBefore() {
    Path file = dir.resolve("encryption.key");
    AesGcmSecretCipher first = EncryptionKeyFile.cipher(file, random);
    SealedSecret sealed = first.seal("refresh-token");

    AesGcmSecretCipher restarted = EncryptionKeyFile.cipher(file, random);

    assertThat(restarted.open(sealed)).isEqualTo("refresh-token");
    assertThat(restarted.keyFingerprint()).isEqualTo(first.keyFingerprint());
  }

  @Test
  void missingParentDirectoriesAreCreatedPrivate() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("data").resolve("encryption.key");

    EncryptionKeyFile.loadOrCreate(file, random);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void aKeyFileOpenToOthersIsTightenedAndStillRead() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("encryption.key");
    byte[] created = EncryptionKeyFile.loadOrCreate(file, random);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(EncryptionKeyFile.loadOrCreate(file, random)).isEqualTo(created);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aKeyInStandardBase64WithoutNewlineIsAccepted() throws IOException {
    byte[] key = new byte[32];
    random.nextBytes(key);
    Path file = Files.writeString(dir.resolve("key"), Base64.getEncoder().encodeToString(key));

    assertThat(EncryptionKeyFile.loadOrCreate(file, random)).isEqualTo(key);
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedWithoutShowingIt() throws IOException {
    String content = Base64.getUrlEncoder().encodeToString(new byte[16]);
    Path file = Files.writeString(dir.resolve("encryption.key"), content);

    assertThatThrownBy(() -> EncryptionKeyFile.loadOrCreate(file, random))
        .isInstanceOf(EncryptionKeyFileException.class)
        .hasMessage(
            "encryption key file "
                + file
                + ": malformed (expected: 32 bytes in base64, 44 characters, as codex-lb writes"
                + " it)")
        .message()
        .doesNotContain(content);
  }

  @Test
  void textThatIsNotBase64IsRefusedAndLeftAlone() throws IOException {
    String content = "not a key, but exactly forty-four characters";
    Path file = Files.writeString(dir.resolve("encryption.key"), content);

    assertThatThrownBy(() -> EncryptionKeyFile.loadOrCreate(file, random))
        .isInstanceOf(EncryptionKeyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("forty-four");
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    Path file = Files.createFile(dir.resolve("encryption.key"));

    assertThatThrownBy(() -> EncryptionKeyFile.loadOrCreate(file, random))
        .isInstanceOf(EncryptionKeyFileException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsAOneLineError() throws IOException {
    Path file = Files.createDirectory(dir.resolve("encryption.key"));

    assertThatThrownBy(() -> EncryptionKeyFile.loadOrCreate(file, random))
        .isInstanceOf(EncryptionKeyFileException.class)
        .hasMessageStartingWith("encryption key file " + file + ": cannot be read")
        .hasMessageNotContaining("\n");
  }
}
