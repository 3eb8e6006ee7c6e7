package io.codexlb.bootstrap.secrets;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what holds secrets private to the user codex-lb runs as: the data directory (mode 0700 when
 * codex-lb creates it) and the encryption key file (0600). One that already exists with bits for
 * group or others (a directory made by hand with mode 0755, a key file copied with 0644) has those
 * bits removed, with a WARN line saying so; when that fails, it is refused, since going on would
 * leave the key or the store readable by others.
 *
 * <p>Only the group and others bits are removed; the owner's are left as they are. A file system
 * without POSIX permissions (Windows) is left alone: there the directory's ACL protects the files.
 */
public final class OwnerOnly {

  /** Changes a path's permissions; the real one is {@link Files#setPosixFilePermissions}. */
  @FunctionalInterface
  interface PermissionWriter {
    void write(Path path, Set<PosixFilePermission> permissions) throws IOException;
  }

  private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);

  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /**
   * Makes {@code path} private to its owner if group or others have any permission on it. A path
   * that does not exist is left alone (whoever creates it creates it private).
   *
   * @param path the directory or file
   * @param what what it is, for messages ("data directory", "encryption key file")
   * @return whether it had to be tightened
   * @throws LoosePermissionsException when it is open to group or others and cannot be tightened
   */
  public static boolean enforce(Path path, String what) {
    return enforce(path, what, Files::setPosixFilePermissions);
  }

  static boolean enforce(Path path, String what, PermissionWriter writer) {
    requireNonNull(path, "path");
    requireNonNull(what, "what");
    requireNonNull(writer, "writer");
    Set<PosixFilePermission> current;
    try {
      current = Files.getPosixFilePermissions(path);
    } catch (UnsupportedOperationException notPosix) {
      return false;
    } catch (NoSuchFileException missing) {
      return false;
    } catch (IOException e) {
      throw new LoosePermissionsException(
          what + " " + path + ": cannot read its permissions (" + describe(e) + ")", e);
    }
    if (current.stream().noneMatch(GROUP_AND_OTHERS::contains)) {
      return false;
    }
    Set<PosixFilePermission> tightened = EnumSet.copyOf(current);
    tightened.removeAll(GROUP_AND_OTHERS);
    try {
      writer.write(path, tightened);
      // Some file systems (a vfat mount, say) accept the change and ignore it.
      if (!Files.getPosixFilePermissions(path).equals(tightened)) {
        throw new LoosePermissionsException(refusal(path, what, current, tightened, "ignored"));
      }
    } catch (IOException e) {
      throw new LoosePermissionsException(refusal(path, what, current, tightened, describe(e)), e);
    }
    log.warn(
        "{} {} had mode {}, open to group or others; tightened to {}",
        capitalised(what),
        path,
        octal(current),
        octal(tightened));
    return true;
  }

  private static String refusal(
      Path path,
      String what,
      Set<PosixFilePermission> current,
      Set<PosixFilePermission> tightened,
      String reason) {
    return what
        + " "
        + path
        + " has mode "
        + octal(current)
        + ", open to group or others, and cannot be tightened to "
        + octal(tightened)
        + " ("
        + reason
        + "); make it private to the user codex-lb runs as";
  }

  /** The mode as four octal digits, {@code 0755}. */
  static String octal(Set<PosixFilePermission> permissions) {
    String symbolic = PosixFilePermissions.toString(permissions); // "rwxr-xr-x"
    int mode = 0;
    for (int i = 0; i < symbolic.length(); i++) {
      mode = (mode << 1) | (symbolic.charAt(i) == '-' ? 0 : 1);
    }
    return String.format("%04o", mode);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String capitalised(String what) {
    return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
  }
}
