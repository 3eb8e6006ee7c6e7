package io.codexlb.architecture.planted.clean;

import io.codexlb.architecture.planted.clean.bootstrap.CleanComponent;
import io.codexlb.architecture.planted.clean.bootstrap.DaggerCleanComponent;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryQuery;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryResult;

/** Clean: the entry point builds the graph and runs one use case. */
public final class Main {

  private Main() {}

  public static CheckExpiryResult run(String key) {
    CleanComponent component = DaggerCleanComponent.create();
    return component.checkExpiry().check(new CheckExpiryQuery(key));
  }
}
