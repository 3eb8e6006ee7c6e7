package io.codexlb.port.out;

import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.concurrent.CompletionStage;

/**
 * Reads the ChatGPT Codex backend's model catalog ({@code GET {base}/codex/models}) as one pooled
 * account.
 *
 * <p>Contract: the request carries the account's credentials as the Responses request does ({@code
 * Authorization: Bearer} and {@code chatgpt-account-id}) and nothing of any client. The stage
 * completes with {@link ModelCatalogReply.Fetched} for a 2xx whose body is a catalog ({@code
 * {"models":[{"slug":...},...]}}: each entry with a non-blank {@code slug} is kept, in upstream's
 * order, with its JSON object text unchanged so it can be passed on; entries without one are
 * skipped), and with {@link ModelCatalogReply.Failed} and a classified {@link UpstreamFailure}
 * otherwise: an HTTP error status, a body that is not a catalog, a refused connection or a timeout
 * (status 0). An exceptionally completed stage is kept for bugs. The account's token never appears
 * in a log or an exception message.
 */
public interface ModelCatalogClient {

  /** Fetches the catalog as the account whose credentials these are. */
  CompletionStage<ModelCatalogReply> fetch(UpstreamCredentials credentials);
}
