package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * Hashes dashboard passwords with a deliberately slow, salted algorithm (argon2id or bcrypt).
 *
 * <p>Contract: {@link #verify} of a password against {@link #hash} of the same password is true,
 * against any other password false; hashing the same password twice gives different encodings (a
 * fresh salt each time), and no encoding contains the password. Both run on a worker thread, never
 * on the caller's (they take tens of milliseconds on purpose); a malformed hash verifies as false.
 */
public interface PasswordHasher {

  /** The hash of {@code password}, as a self-describing string (algorithm, parameters, salt). */
  CompletionStage<String> hash(String password);

  /** Whether {@code password} is the one {@code hash} was made from. */
  CompletionStage<Boolean> verify(String password, String hash);
}
