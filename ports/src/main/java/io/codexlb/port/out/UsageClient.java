package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * Reads one pooled account's usage from the ChatGPT backend ({@code GET {base}/wham/usage}): its
 * rate-limit windows, plan and credits, which the usage poller turns into the account's state.
 *
 * <p>Contract: the request carries the account's credentials as the Responses request does ({@code
 * Authorization: Bearer} and {@code chatgpt-account-id}), {@code Accept: application/json} and a
 * fresh {@code x-request-id}. The stage completes with {@link UsageReply.Fetched} for a 2xx whose
 * body is a usage report (windows that are missing or unreadable are left out; a weekly or monthly
 * window reported alone in the primary slot is moved to the secondary one); with {@link
 * UsageReply.Deactivated} when upstream says the account is gone (402, 404, an {@code
 * account_deactivated}/{@code account_suspended}/{@code account_deleted} code, or a message saying
 * the account has been deactivated, whatever the status); with {@link UsageReply.Unauthorized} for
 * another 401 (the access token needs renewing); and with {@link UsageReply.Failed} otherwise (any
 * other status, a body that is not a report, a refused connection, a timeout). An exceptionally
 * completed stage is kept for bugs. The token never appears in a log or an exception message.
 */
public interface UsageClient {

  /** Fetches the usage of the account whose credentials these are. */
  CompletionStage<UsageReply> fetch(UpstreamCredentials credentials);
}
