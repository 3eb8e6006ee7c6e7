package io.codexlb.architecture.planted.clean.bootstrap;

import dagger.Component;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryUseCase;

/** Clean: the object graph. */
@Component(modules = CleanModule.class)
public interface CleanComponent {

  CheckExpiryUseCase checkExpiry();
}
