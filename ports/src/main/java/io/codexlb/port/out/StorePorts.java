package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/**
 * The driven ports an open store implements, whichever adapter it is (the embedded SQLite store or
 * PostgreSQL): what the application is given once the store is migrated and checked.
 *
 * @param accounts the accounts
 * @param apiKeys API keys and their limits
 * @param settings the routing settings
 * @param requestLogs the request log
 * @param metadata facts about the store
 * @param changes announcements of changes, across instances where the store is shared
 * @param stickySessions the sticky pins
 * @param adminAuth the dashboard administrator's credentials and sessions
 * @param auditLogs the audit log of admin actions
 * @param usageHistory the accounts' polled usage, for the dashboard's charts
 * @param jobLease the right to run the periodic jobs, one instance at a time
 */
public record StorePorts(
    AccountRepository accounts,
    ApiKeyRepository apiKeys,
    SettingsRepository settings,
    RequestLogRepository requestLogs,
    StoreMetadataRepository metadata,
    StoreChangePublisher changes,
    StickySessionRepository stickySessions,
    AdminAuthRepository adminAuth,
    AuditLogRepository auditLogs,
    UsageHistoryRepository usageHistory,
    JobLease jobLease) {

  public StorePorts {
    requireNonNull(accounts, "accounts");
    requireNonNull(apiKeys, "apiKeys");
    requireNonNull(settings, "settings");
    requireNonNull(requestLogs, "requestLogs");
    requireNonNull(metadata, "metadata");
    requireNonNull(changes, "changes");
    requireNonNull(stickySessions, "stickySessions");
    requireNonNull(adminAuth, "adminAuth");
    requireNonNull(auditLogs, "auditLogs");
    requireNonNull(usageHistory, "usageHistory");
    requireNonNull(jobLease, "jobLease");
  }
}
