package io.codexlb.architecture.planted.clean.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.codexlb.architecture.planted.clean.adapter.memory.InMemoryDeadlineRepository;
import io.codexlb.architecture.planted.clean.application.CheckExpiryService;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryUseCase;
import io.codexlb.architecture.planted.clean.port.out.DeadlineRepository;
import java.time.Clock;
import java.util.Map;

/** Clean: the wiring, the one place that knows Dagger and the adapters. */
@Module
public interface CleanModule {

  @Binds
  CheckExpiryUseCase checkExpiry(CheckExpiryService service);

  @Provides
  static DeadlineRepository deadlines() {
    return new InMemoryDeadlineRepository(Map.of());
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }
}
