package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.domain.settings.SettingsValidation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SettingsRepository}. An adapter's test extends this class and returns a
 * fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class SettingsRepositoryContract {

  /** A repository over an empty store. */
  protected abstract SettingsRepository newRepository() throws Exception;

  private static RoutingSettings changed(RoutingSettings base) {
    return new RoutingSettings(
        RoutingStrategy.FILL_FIRST,
        true,
        false,
        Duration.ofMinutes(45),
        3,
        7.5,
        30,
        base.version());
  }

  @Test
  void anEmptyStoreGivesTheDefaultsAtVersionZero() throws Exception {
    assertThat(await(newRepository().load())).isEqualTo(RoutingSettings.defaults());
  }

  @Test
  void aSaveBasedOnTheStoredVersionIsStoredWithTheNextVersion() throws Exception {
    SettingsRepository repository = newRepository();
    RoutingSettings proposed = changed(await(repository.load()));

    SettingsSave save = await(repository.save(proposed));

    assertThat(save).isEqualTo(new SettingsSave.Saved(proposed.nextVersion()));
    assertThat(await(repository.load())).isEqualTo(proposed.nextVersion());
    assertThat(await(repository.load()).version()).isEqualTo(1);
  }

  @Test
  void aSaveBasedOnAStaleVersionIsRefusedAndChangesNothing() throws Exception {
    SettingsRepository repository = newRepository();
    RoutingSettings base = await(repository.load());
    await(repository.save(changed(base)));
    RoutingSettings stored = await(repository.load());

    RoutingSettings basedOnVersionZero =
        new RoutingSettings(
            RoutingStrategy.ROUND_ROBIN,
            false,
            true,
            Duration.ofMinutes(2),
            8,
            2.5,
            null,
            base.version());

    SettingsSave stale = await(repository.save(basedOnVersionZero));

    assertThat(stale).isEqualTo(new SettingsSave.Conflict(stored));
    assertThat(await(repository.load())).isEqualTo(stored);
  }

  @Test
  void successiveSavesEachAdvanceTheVersion() throws Exception {
    SettingsRepository repository = newRepository();
    for (int i = 0; i < 3; i++) {
      RoutingSettings current = await(repository.load());
      assertThat(await(repository.save(changed(current)))).isInstanceOf(SettingsSave.Saved.class);
    }

    assertThat(await(repository.load()).version()).isEqualTo(3);
  }

  @Test
  void theRequestLogRetentionIsStoredAndMayStayUnset() throws Exception {
    SettingsRepository repository = newRepository();
    RoutingSettings first = changed(await(repository.load()));
    assertThat(await(repository.save(first))).isInstanceOf(SettingsSave.Saved.class);
    assertThat(await(repository.load()).requestLogRetentionDays()).isEqualTo(30);

    RoutingSettings.Builder keepAll =
        await(repository.load()).toBuilder().requestLogRetentionDays(0L);
    assertThat(await(repository.save(valid(keepAll)))).isInstanceOf(SettingsSave.Saved.class);
    assertThat(await(repository.load()).requestLogRetentionDays()).isZero();

    RoutingSettings unset =
        valid(await(repository.load()).toBuilder().requestLogRetentionDays(null));
    assertThat(await(repository.save(unset))).isInstanceOf(SettingsSave.Saved.class);
    assertThat(await(repository.load()).requestLogRetentionDays()).isNull();
    assertThat(await(repository.load()).version()).isEqualTo(3);
  }

  private static RoutingSettings valid(RoutingSettings.Builder builder) {
    return ((SettingsValidation.Valid) builder.build()).settings();
  }
}
