package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract of {@link PasswordHasher}; an implementation's test extends it. */
public abstract class PasswordHasherContract {

  /** The hasher under test. */
  protected abstract PasswordHasher hasher();

  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String hash = await(hasher().hash("correct horse battery"));

    assertThat(await(hasher().verify("correct horse battery", hash))).isTrue();
    assertThat(await(hasher().verify("correct horse batterY", hash))).isFalse();
    assertThat(await(hasher().verify("", hash))).isFalse();
  }

  @Test
  void twoHashesOfOnePasswordDifferAndNeitherHoldsIt() {
    String first = await(hasher().hash("correct horse battery"));
    String second = await(hasher().hash("correct horse battery"));

    assertThat(first).isNotEqualTo(second).doesNotContain("correct horse battery");
    assertThat(second).doesNotContain("correct horse battery");
  }

  @Test
  void aMalformedHashVerifiesAsFalse() {
    assertThat(await(hasher().verify("anything", "not a hash"))).isFalse();
    assertThat(await(hasher().verify("anything", ""))).isFalse();
  }

  @Test
  void nonAsciiPasswordsWork() {
    String hash = await(hasher().hash("pässwörd-密码"));

    assertThat(await(hasher().verify("pässwörd-密码", hash))).isTrue();
    assertThat(await(hasher().verify("passwort-密码", hash))).isFalse();
  }
}
