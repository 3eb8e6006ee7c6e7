package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one pooled ChatGPT account: the ChatGPT account id of its OAuth login ({@code
 * chatgpt_account_id}), as sent upstream in the {@code chatgpt-account-id} header.
 *
 * @param value non-blank, at most 256 characters
 */
public record AccountId(String value) {

  private static final int MAX_LENGTH = 256;

  public AccountId {
    requireNonNull(value, "value");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "value: '" + value + "' (expected: 1 to " + MAX_LENGTH + " characters, not blank)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
