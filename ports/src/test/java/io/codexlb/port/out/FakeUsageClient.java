package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A usage client for tests: answers per {@code chatgpt-account-id} what the test set ({@link
 * #answer}), else a report of no windows at all, and keeps every request's credentials. {@link
 * #hold} makes the next fetches of an account wait until the test completes the returned future.
 */
public final class FakeUsageClient implements UsageClient {

  /** What an account without an answer of its own gets. */
  public static final UsageReply NOTHING_REPORTED =
      new UsageReply.Fetched(
          new UsageSnapshot(Optional.empty(), Optional.empty(), Credits.NONE), Optional.empty());

  private final Map<String, UsageReply> answers = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<UsageReply>> held = new ConcurrentHashMap<>();
  private final List<UpstreamCredentials> requests = new CopyOnWriteArrayList<>();

  /** The account answers {@code reply} from now on. */
  public FakeUsageClient answer(String chatgptAccountId, UsageReply reply) {
    answers.put(
        requireNonNull(chatgptAccountId, "chatgptAccountId"), requireNonNull(reply, "reply"));
    return this;
  }

  /** The account's polls fail with a 503 from now on. */
  public FakeUsageClient fail(String chatgptAccountId) {
    return answer(
        chatgptAccountId,
        new UsageReply.Failed(new UpstreamFailure.Transient(503, "server_error", "down")));
  }

  /** The account's next fetches wait until the returned future completes, then answer it. */
  public CompletableFuture<UsageReply> hold(String chatgptAccountId) {
    CompletableFuture<UsageReply> gate = new CompletableFuture<>();
    held.put(chatgptAccountId, gate);
    return gate;
  }

  @Override
  public CompletionStage<UsageReply> fetch(UpstreamCredentials credentials) {
    requests.add(requireNonNull(credentials, "credentials"));
    CompletableFuture<UsageReply> gate = held.remove(credentials.chatgptAccountId());
    if (gate != null) {
      return gate;
    }
    return completedFuture(answers.getOrDefault(credentials.chatgptAccountId(), NOTHING_REPORTED));
  }

  /** How many times the account was polled. */
  public long polls(String chatgptAccountId) {
    return requests.stream().filter(c -> c.chatgptAccountId().equals(chatgptAccountId)).count();
  }

  /** The credentials of every request, in order. */
  public List<UpstreamCredentials> requests() {
    return List.copyOf(requests);
  }
}
