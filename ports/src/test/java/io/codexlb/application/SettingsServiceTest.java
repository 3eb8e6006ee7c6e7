package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.codexlb.port.out.InMemorySettingsRepository;
import org.junit.jupiter.api.Test;

class SettingsServiceTest {

  private final InMemorySettingsRepository repository = new InMemorySettingsRepository();
  private final SettingsService service = new SettingsService(repository);

  @Test
  void anUpdateBasedOnTheStoredVersionIsSavedWithTheNextVersion() throws Exception {
    RoutingSettings current = await(service.current());
    RoutingSettings proposed =
        new RoutingSettings(
            RoutingStrategy.ROUND_ROBIN,
            true,
            false,
            current.stickyTtl(),
            4,
            1.0,
            current.version());

    UpdateSettingsResult result = await(service.update(new UpdateSettingsCommand(proposed, "t")));

    assertThat(result).isEqualTo(new UpdateSettingsResult.Updated(proposed.nextVersion()));
    assertThat(await(service.current())).isEqualTo(proposed.nextVersion());
  }

  @Test
  void anUpdateBasedOnAStaleVersionIsAConflictThatChangesNothing() throws Exception {
    RoutingSettings first = await(service.current());
    await(service.update(new UpdateSettingsCommand(first, "t")));

    UpdateSettingsResult result = await(service.update(new UpdateSettingsCommand(first, "t")));

    assertThat(result).isEqualTo(new UpdateSettingsResult.Conflict(first.nextVersion()));
    assertThat(await(service.current())).isEqualTo(first.nextVersion());
  }
}
