package io.codexlb.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.limit.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example of docs/embedding.md runs as documented, and the page shows exactly this code. */
class EmbeddedPoolTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final AccountId ALICE = new AccountId("acct-alice");
  private static final AccountId BOB = new AccountId("acct-bob");

  private final EmbeddedPool pool = new EmbeddedPool();

  @Test
  void aConversationStaysOnItsAccountAndMovesWhenThatIsRateLimited() {
    pool.add(Account.of(ALICE, PlanType.PLUS));
    pool.add(Account.of(BOB, PlanType.PLUS));

    AccountId first = route("conversation-1", NOW).account();
    assertThat(route("conversation-1", NOW.plusSeconds(1)).account()).isEqualTo(first);

    pool.rateLimited(first, NOW.plus(Duration.ofMinutes(5)), NOW.plusSeconds(2));
    AccountId moved = route("conversation-1", NOW.plusSeconds(3)).account();

    assertThat(moved).isNotEqualTo(first).isIn(ALICE, BOB);
    assertThat(route("conversation-1", NOW.plusSeconds(4)).account()).isEqualTo(moved);
  }

  @Test
  void theSixtyFirstRequestOfAMinuteIsRefused() {
    pool.add(Account.of(ALICE, PlanType.PLUS));
    for (int i = 0; i < 60; i++) {
      route("conversation-" + i, NOW).reservation().settle(Usage.NONE, NOW);
    }

    assertThat(pool.route("one-too-many", NOW)).isEmpty();
    assertThat(pool.route("next-minute", NOW.plusSeconds(60))).isPresent();
  }

  @Test
  void noAccountThatCanServeMeansNoRouteAndNoUsageKept() {
    pool.add(Account.of(ALICE, PlanType.PLUS));
    pool.rateLimited(ALICE, NOW.plusSeconds(60), NOW);

    assertThat(pool.route("conversation-1", NOW)).isEmpty();
    assertThat(pool.route("conversation-1", NOW.plusSeconds(60))).isPresent();
  }

  @Test
  void theDocumentationShowsThisExampleVerbatim() throws IOException {
    Path source = Path.of("src/test/java/io/codexlb/example/EmbeddedPool.java");
    Matcher example =
        Pattern.compile("// embedding-example:start\n(.*)// embedding-example:end", Pattern.DOTALL)
            .matcher(Files.readString(source));

    assertThat(example.find()).isTrue();
    assertThat(Files.readString(Path.of("..", "docs", "embedding.md"))).contains(example.group(1));
  }

  private EmbeddedPool.Route route(String conversation, Instant now) {
    Optional<EmbeddedPool.Route> route = pool.route(conversation, now);
    assertThat(route).as("route for %s at %s", conversation, now).isPresent();
    return route.get();
  }
}
