package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AuthenticateApiKeyServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final ApiKeyGenerator generator = ApiKeyGenerator.using(new SplittableRandom(3));

  private PlainApiKey stored(String id, boolean active) {
    PlainApiKey plain = generator.generate();
    ApiKey key = ApiKey.create(new ApiKeyId(id), "key " + id, plain, null, Set.of(), NOW);
    await(keys.create(new StoredApiKey(active ? key : key.withActive(false), List.of())));
    return plain;
  }

  @Test
  void validatesFromTheIndexLoadedAtStart() {
    PlainApiKey good = stored("k1", true);
    PlainApiKey inactive = stored("k2", false);
    AuthenticateApiKeyService service = await(AuthenticateApiKeyService.start(keys, changes));

    assertThat(service.authenticate(good.reveal(), NOW)).isInstanceOf(KeyValidation.Valid.class);
    assertThat(service.authenticate(inactive.reveal(), NOW))
        .isInstanceOf(KeyValidation.Inactive.class);
    assertThat(service.authenticate("sk-clb-unknown", NOW))
        .isEqualTo(KeyValidation.Unknown.INSTANCE);
    assertThat(service.authenticate(null, NOW)).isEqualTo(KeyValidation.Missing.INSTANCE);
  }

  @Test
  void aKeyCreatedLaterIsKnownOnceTheChangeIsAnnounced() {
    AuthenticateApiKeyService service = await(AuthenticateApiKeyService.start(keys, changes));
    PlainApiKey later = stored("k1", true);
    assertThat(service.authenticate(later.reveal(), NOW))
        .as("memory, not the store, answers")
        .isEqualTo(KeyValidation.Unknown.INSTANCE);

    changes.publish(StoreChange.API_KEYS);

    assertThat(service.authenticate(later.reveal(), NOW)).isInstanceOf(KeyValidation.Valid.class);
  }
}
