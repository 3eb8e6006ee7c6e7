package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

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
 * @param limitLeases slices of the keys' limits leased by the instances sharing the store; empty
 *     for a store only one process uses (SQLite), whose in-memory ledger is exact on its own
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
    JobLease jobLease,
    Optional<LimitLeaseRepository> limitLeases) {

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
    requireNonNull(limitLeases, "limitLeases");
  }

  /** The ports of a store only one process uses: no limit leases. */
  public StorePorts(
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
    this(
        accounts,
        apiKeys,
        settings,
        requestLogs,
        metadata,
        changes,
        stickySessions,
        adminAuth,
        auditLogs,
        usageHistory,
        jobLease,
        Optional.empty());
  }
}
