package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static io.codexlb.port.out.TestAccounts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.ListApiKeysResult;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ListApiKeysServiceTest {

  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final ListApiKeysService service = new ListApiKeysService(keys);
  private final ApiKeyGenerator generator = ApiKeyGenerator.using(new SplittableRandom(7));

  @Test
  void listsEachKeyByPrefixWithItsLimits() {
    PlainApiKey plain = generator.generate();
    KeyLimit limit = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 10, T0);
    ApiKey key =
        ApiKey.create(
            new ApiKeyId("k1"),
            "ci",
            plain,
            T0.plusSeconds(60),
            new LinkedHashSet<>(List.of("b-model", "a-model")),
            T0);
    await(keys.create(new StoredApiKey(key, List.of(limit))));
    ApiKey inactive =
        ApiKey.create(new ApiKeyId("k2"), "old", generator.generate(), null, Set.of(), T0)
            .withActive(false);
    await(keys.create(new StoredApiKey(inactive, List.of())));

    ListApiKeysResult result = await(service.listApiKeys());

    assertThat(result.keys())
        .containsExactly(
            new ListApiKeysResult.Entry(
                new ApiKeyId("k1"),
                "ci",
                plain.displayPrefix(),
                true,
                Optional.of(T0.plusSeconds(60)),
                key.allowedModels(),
                List.of(limit)),
            new ListApiKeysResult.Entry(
                new ApiKeyId("k2"),
                "old",
                inactive.displayPrefix(),
                false,
                Optional.empty(),
                Set.of(),
                List.of()));
    assertThat(result.toString()).doesNotContain(plain.reveal()).doesNotContain(key.hash().hex());
  }

  @Test
  void noKeysListsNothing() {
    assertThat(await(service.listApiKeys()).keys()).isEmpty();
  }
}
