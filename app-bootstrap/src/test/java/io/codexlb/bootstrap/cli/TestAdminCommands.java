package io.codexlb.bootstrap.cli;

import io.codexlb.application.AdminAuthService;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.CreateApiKeyService;
import io.codexlb.application.ImportAccountService;
import io.codexlb.application.ListAccountsService;
import io.codexlb.application.ListApiKeysService;
import io.codexlb.application.LiveAccounts;
import io.codexlb.application.LiveApiKeys;
import io.codexlb.application.LoggedAdminEvents;
import io.codexlb.application.ManageAccountsService;
import io.codexlb.application.ManageApiKeysService;
import io.codexlb.application.SettingsService;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SettingsRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** {@link AdminCommands} over the real services, as the composition root builds them. */
final class TestAdminCommands {

  private TestAdminCommands() {}

  static AdminCommands over(
      AccountRepository accounts,
      ApiKeyRepository keys,
      SettingsRepository settings,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock) {
    return over(accounts, keys, settings, new InMemoryAdminAuthRepository(), cipher, random, clock);
  }

  static AdminCommands over(
      AccountRepository accounts,
      ApiKeyRepository keys,
      AdminAuthRepository adminAuth,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock) {
    return over(accounts, keys, new InMemorySettingsRepository(), adminAuth, cipher, random, clock);
  }

  static AdminCommands over(
      AccountRepository accounts,
      ApiKeyRepository keys,
      SettingsRepository settings,
      AdminAuthRepository adminAuth,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock) {
    return over(
        accounts,
        keys,
        settings,
        adminAuth,
        new InMemoryAuditLogRepository(),
        cipher,
        random,
        clock);
  }

  static AdminCommands over(
      AccountRepository accounts,
      ApiKeyRepository keys,
      SettingsRepository settings,
      AdminAuthRepository adminAuth,
      AuditLogRepository auditLogs,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock) {
    return over(
        accounts, keys, settings, adminAuth, auditLogs, cipher, random, clock, importer -> null);
  }

  /**
   * With the OAuth logins {@code logins} builds over the import service; a null one is a login use
   * case that no test here reaches.
   */
  static AdminCommands over(
      AccountRepository accounts,
      ApiKeyRepository keys,
      SettingsRepository settings,
      AdminAuthRepository adminAuth,
      AuditLogRepository auditLogs,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock,
      java.util.function.Function<ImportAccountService, @Nullable OAuthLoginUseCase> logins) {
    ImportAccountService importAccount =
        new ImportAccountService(accounts, cipher, new AuditTrail(auditLogs));
    OAuthLoginUseCase oauth = logins.apply(importAccount);
    return new AdminCommands(
        importAccount,
        new ListAccountsService(accounts),
        new CreateApiKeyService(keys, random),
        new ListApiKeysService(keys),
        new ManageApiKeysService(
            keys, LiveApiKeys.NONE, random, model -> true, new AuditTrail(auditLogs)),
        new ManageAccountsService(accounts, LiveAccounts.NONE, new AuditTrail(auditLogs)),
        new AdminAuthService(
            new AdminAuthService.Settings(Duration.ofHours(12)),
            adminAuth,
            new FakePasswordHasher(),
            cipher,
            new LoggedAdminEvents(),
            clock),
        new SettingsService(settings),
        oauth != null ? oauth : NO_LOGINS,
        clock);
  }

  private static final OAuthLoginUseCase NO_LOGINS =
      new OAuthLoginUseCase() {
        @Override
        public java.util.concurrent.CompletionStage<io.codexlb.port.in.OAuthStartResult> start(
            io.codexlb.port.in.OAuthLoginUseCase.Method method,
            io.codexlb.domain.admin.AdminActor actor) {
          throw new UnsupportedOperationException("no OAuth logins in this test");
        }

        @Override
        public java.util.Optional<io.codexlb.port.in.OAuthFlowResult> status(String flowId) {
          return java.util.Optional.empty();
        }

        @Override
        public java.util.concurrent.CompletionStage<io.codexlb.port.in.ManualCallbackResult>
            manualCallback(
                String flowId, String callbackUrl, io.codexlb.domain.admin.AdminActor actor) {
          throw new UnsupportedOperationException("no OAuth logins in this test");
        }

        @Override
        public java.util.concurrent.CompletionStage<io.codexlb.port.in.OAuthFlowResult> finished(
            String flowId) {
          throw new UnsupportedOperationException("no OAuth logins in this test");
        }
      };
}
