package io.codexlb.bootstrap.secrets;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The file holding the 32-byte key that {@link AesGcmSecretCipher} seals secrets with ({@code
 * CODEX_LB_ENCRYPTION_KEY_FILE}, by default {@code <data dir>/encryption.key}).
 *
 * <p>Format: the key in base64url with padding (44 characters), optionally followed by a newline;
 * the shape of upstream's Fernet key file. Standard base64 is read too, so a key written by hand
 * with {@code openssl rand -base64 32} works.
 *
 * <p>An existing file open to group or others (a key copied with mode 0644) is tightened to the
 * owner's bits, with a WARN line, or refused when that fails ({@link OwnerOnly}).
 *
 * <p>A missing file is created on first use, with mode 0600 from the moment it exists: the key is
 * written to a temporary file created with that mode in the same directory, forced to disk, and
 * then hard-linked to the final name. A link, unlike a rename, never replaces an existing file, so
 * when two processes start at once, one key wins and both use it.
 *
 * <p>Runs on the calling thread: it is read once, at start or by the command line, before Vert.x.
 */
public final class EncryptionKeyFile {

  private static final int ENCODED_LENGTH = 44;
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private EncryptionKeyFile() {}

  /**
   * The cipher under the key in {@code file}, creating the file with a new random key if it does
   * not exist. The key's bytes are wiped once the cipher holds its copy.
   *
   * @throws EncryptionKeyFileException as {@link #loadOrCreate}
   */
  public static AesGcmSecretCipher cipher(Path file, SecureRandom random) {
    byte[] key = loadOrCreate(file, random);
    try {
      return AesGcmSecretCipher.withKey(key, random);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The key in {@code file}, creating the file with a new random key if it does not exist.
   *
   * @throws EncryptionKeyFileException if the file cannot be read or created, does not hold a key
   *     in the expected format, or is open to group or others and cannot be made private; the
   *     message names the file, never its content
   */
  public static byte[] loadOrCreate(Path file, SecureRandom random) {
    requireNonNull(file, "file");
    requireNonNull(random, "random");
    try {
      return read(file);
    } catch (NoSuchFileException missing) {
      return create(file, random);
    }
  }

  /**
   * The key in an existing {@code file}.
   *
   * @throws NoSuchFileException if there is no such file
   */
  private static byte[] read(Path file) throws NoSuchFileException {
    try {
      OwnerOnly.enforce(file, "encryption key file");
    } catch (LoosePermissionsException e) {
      throw new EncryptionKeyFileException(e.getMessage(), e);
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new EncryptionKeyFileException(
          "encryption key file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")",
          e);
    }
    byte[] key;
    try {
      key = decode(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    if (key == null) {
      throw new EncryptionKeyFileException(
          "encryption key file "
              + file
              + ": malformed (expected: "
              + AesGcmSecretCipher.KEY_BYTES
              + " bytes in base64, "
              + ENCODED_LENGTH
              + " characters, as codex-lb writes it)");
    }
    return key;
  }

  /** The key, or null when the content is not one. */
  private static byte[] decode(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    byte[] key = null;
    if (text.length() == ENCODED_LENGTH) {
      key = tryDecode(Base64.getUrlDecoder(), text);
      if (key == null) {
        key = tryDecode(Base64.getDecoder(), text);
      }
    }
    return key != null && key.length == AesGcmSecretCipher.KEY_BYTES ? key : null;
  }

  private static byte[] tryDecode(Base64.Decoder decoder, String text) {
    try {
      return decoder.decode(text);
    } catch (IllegalArgumentException notThisAlphabet) {
      return null;
    }
  }

  private static byte[] create(Path file, SecureRandom random) {
    byte[] key = new byte[AesGcmSecretCipher.KEY_BYTES];
    random.nextBytes(key);
    byte[] encoded =
        (Base64.getUrlEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      createPrivateDirectories(directory);
      temporary = createPrivateTemporaryFile(directory);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(encoded));
        channel.force(true);
      }
      try {
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException anotherProcessWon) {
        return readExisting(file);
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        temporary = null;
      }
      return key;
    } catch (IOException e) {
      throw new EncryptionKeyFileException(
          "encryption key file "
              + file
              + ": cannot be created ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    } finally {
      Arrays.fill(encoded, (byte) 0);
      deleteQuietly(temporary);
    }
  }

  private static byte[] readExisting(Path file) {
    try {
      return read(file);
    } catch (NoSuchFileException e) {
      throw new EncryptionKeyFileException(
          "encryption key file " + file + ": vanished while being created", e);
    }
  }

  private static Path createPrivateTemporaryFile(Path directory) throws IOException {
    try {
      return Files.createTempFile(
          directory,
          ".encryption-key-",
          ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system (Windows): the directory's ACL is what protects the file.
      return Files.createTempFile(directory, ".encryption-key-", ".tmp", new FileAttribute<?>[0]);
    }
  }

  private static void createPrivateDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(
          directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(directory);
    }
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // A left-over temporary file holds at most a key nobody uses, with mode 0600.
    }
  }
}
