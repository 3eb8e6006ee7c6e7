package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The wall clock of the process, for the server and the provisioning commands alike. */
@Module
public interface ClockModule {

  /**
   * The wall clock, ticking in whole milliseconds: the stores keep instants to the millisecond, so
   * an instant read back equals the one written.
   */
  @Provides
  @Singleton
  static Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }
}
