package io.codexlb.bootstrap.secrets;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.PasswordHasher;
import io.codexlb.port.out.PasswordHasherContract;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** argon2id keeps the {@link PasswordHasherContract}, in PHC format, off the caller's thread. */
class Argon2PasswordHasherTest extends PasswordHasherContract {

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final Argon2PasswordHasher hasher = new Argon2PasswordHasher(worker, new SecureRandom());

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  @Override
  protected PasswordHasher hasher() {
    return hasher;
  }

  @Test
  void theHashNamesAlgorithmAndParameters() {
    assertThat(await(hasher.hash("correct horse battery")))
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void hashingRunsOnTheExecutorNotTheCaller() {
    AtomicReference<String> thread = new AtomicReference<>();
    Argon2PasswordHasher watched =
        new Argon2PasswordHasher(
            task ->
                worker.execute(
                    () -> {
                      thread.set(Thread.currentThread().getName());
                      task.run();
                    }),
            new SecureRandom());

    await(watched.hash("correct horse battery"));

    assertThat(thread.get()).isNotNull().isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aTamperedOrOversizedHashVerifiesAsFalse() {
    String hash = await(hasher.hash("correct horse battery"));

    assertThat(await(hasher.verify("correct horse battery", hash.replace("t=2", "t=3")))).isFalse();
    assertThat(await(hasher.verify("correct horse battery", hash.replace("m=19456", "m=9999999"))))
        .isFalse();
  }
}
