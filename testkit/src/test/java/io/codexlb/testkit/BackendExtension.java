package io.codexlb.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fake backend for a whole test class, reset before each test: {@code @RegisterExtension static
 * final BackendExtension BACKEND = new BackendExtension(options);}.
 */
final class BackendExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final FakeChatGptBackendOptions options;
  private FakeChatGptBackend backend;

  BackendExtension(FakeChatGptBackendOptions options) {
    this.options = options;
  }

  BackendExtension() {
    this(FakeChatGptBackendOptions.defaults());
  }

  FakeChatGptBackend backend() {
    return backend;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    backend = FakeChatGptBackend.start(options);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    backend.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    backend.close().toCompletableFuture().join();
  }
}
