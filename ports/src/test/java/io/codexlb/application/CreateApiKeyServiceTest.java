package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static io.codexlb.port.out.TestAccounts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CreateApiKeyServiceTest {

  private static final CreateApiKeyCommand.Limit DAILY_TOKENS =
      new CreateApiKeyCommand.Limit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000_000);
  private static final CreateApiKeyCommand.Limit HOURLY_REQUESTS =
      new CreateApiKeyCommand.Limit(LimitType.REQUESTS, LimitWindow.HOURLY, 100);

  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final CreateApiKeyService service =
      new CreateApiKeyService(keys, new SplittableRandom(42));

  @Test
  void storesTheKeysHashWithItsLimitsAndAnswersTheFullKeyOnce() {
    Instant expiry = T0.plusSeconds(86_400);
    CreateApiKeyCommand command =
        new CreateApiKeyCommand(
            " ci bot ",
            Set.of("gpt-5-codex"),
            Optional.of(expiry),
            List.of(DAILY_TOKENS, HOURLY_REQUESTS),
            T0);

    CreateApiKeyResult.Created created = created(await(service.createApiKey(command)));

    PlainApiKey plainKey = created.plainKey();
    assertThat(plainKey.reveal()).startsWith("sk-clb-").hasSize(7 + 43);
    StoredApiKey stored = await(keys.findByHash(plainKey.hash())).orElseThrow();
    assertThat(stored.key()).isEqualTo(created.key());
    assertThat(stored.key().id().value())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(stored.key().name()).isEqualTo("ci bot");
    assertThat(stored.key().displayPrefix()).isEqualTo(plainKey.displayPrefix());
    assertThat(stored.key().active()).isTrue();
    assertThat(stored.key().expiresAt()).isEqualTo(expiry);
    assertThat(stored.key().allowedModels()).containsExactly("gpt-5-codex");
    assertThat(stored.key().createdAt()).isEqualTo(T0);
    assertThat(stored.limits())
        .containsExactlyInAnyOrder(
            KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000_000, T0),
            KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.HOURLY, 100, T0));
    assertThat(created.limits()).containsExactlyInAnyOrderElementsOf(stored.limits());
  }

  @Test
  void eachKeyIsNewAndAllowsEveryModelWhenNoneAreListed() {
    CreateApiKeyCommand command = command("a", Optional.empty(), List.of());

    CreateApiKeyResult.Created first = created(await(service.createApiKey(command)));
    CreateApiKeyResult.Created second = created(await(service.createApiKey(command)));

    assertThat(first.plainKey()).isNotEqualTo(second.plainKey());
    assertThat(first.key().id()).isNotEqualTo(second.key().id());
    assertThat(first.key().allowedModels()).isEmpty();
    assertThat(first.key().expiresAt()).isNull();
    assertThat(await(keys.findAll())).hasSize(2);
  }

  @Test
  void aSeededGeneratorGivesTheSameKey() {
    CreateApiKeyService again =
        new CreateApiKeyService(new InMemoryApiKeyRepository(), new SplittableRandom(42));
    CreateApiKeyCommand command = command("a", Optional.empty(), List.of());

    assertThat(created(await(again.createApiKey(command))).plainKey())
        .isEqualTo(created(await(service.createApiKey(command))).plainKey());
  }

  @Test
  void aBlankNameIsRefused() {
    assertInvalid(
        command("  ", Optional.empty(), List.of()),
        "name",
        "name: blank (expected: a label for the key)");
  }

  @Test
  void anExpiryThatIsNotInTheFutureIsRefused() {
    assertInvalid(
        command("a", Optional.of(T0), List.of()),
        "expiresAt",
        "expiresAt: " + T0 + " (expected: after now, " + T0 + ")");
    assertInvalid(
        command("a", Optional.of(T0.minusSeconds(1)), List.of()), "expiresAt", "expiresAt: ");
  }

  @Test
  void twoLimitsOfTheSameTypeAndWindowAreRefused() {
    CreateApiKeyCommand.Limit again =
        new CreateApiKeyCommand.Limit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 5);

    assertInvalid(
        command("a", Optional.empty(), List.of(DAILY_TOKENS, again)),
        "limits",
        "limits: two total_tokens:daily (expected: at most one per type and window)");
  }

  @Test
  void aNegativeMaxIsRefused() {
    CreateApiKeyCommand.Limit negative =
        new CreateApiKeyCommand.Limit(LimitType.COST_USD, LimitWindow.MONTHLY, -1);

    assertInvalid(
        command("a", Optional.empty(), List.of(negative)),
        "limits",
        "limits: cost_usd:monthly:-1 (expected: a max of 0 or more)");
  }

  @Test
  void aBlankModelIsRefused() {
    CreateApiKeyCommand command =
        new CreateApiKeyCommand("a", Set.of("gpt-5", " "), Optional.empty(), List.of(), T0);

    assertInvalid(
        command, "allowedModels", "allowedModels: ' ' (expected: model names, not blank)");
  }

  private void assertInvalid(CreateApiKeyCommand command, String field, String messageStart) {
    CreateApiKeyResult result = await(service.createApiKey(command));

    assertThat(result).isInstanceOf(CreateApiKeyResult.Invalid.class);
    CreateApiKeyResult.Invalid invalid = (CreateApiKeyResult.Invalid) result;
    assertThat(invalid.field()).isEqualTo(field);
    assertThat(invalid.message()).startsWith(messageStart);
    assertThat(await(keys.findAll())).as("nothing stored").isEmpty();
  }

  private static CreateApiKeyCommand command(
      String name, Optional<Instant> expiresAt, List<CreateApiKeyCommand.Limit> limits) {
    return new CreateApiKeyCommand(name, Set.of(), expiresAt, limits, T0);
  }

  private static CreateApiKeyResult.Created created(CreateApiKeyResult result) {
    assertThat(result).isInstanceOf(CreateApiKeyResult.Created.class);
    return (CreateApiKeyResult.Created) result;
  }
}
