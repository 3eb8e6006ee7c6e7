/**
 * Fakes of the outside world for tests, demos and benchmarks, plain Vert.x servers on loopback.
 *
 * <h2>Fake ChatGPT backend</h2>
 *
 * {@link io.codexlb.testkit.FakeChatGptBackend} speaks the subset of the ChatGPT Codex backend that
 * codex-lb uses; point {@code CODEX_LB_UPSTREAM_BASE_URL} at its {@code baseUrl()} ({@code
 * http://127.0.0.1:<port>/backend-api}, base path configurable):
 *
 * <ul>
 *   <li>{@code POST {base}/codex/responses}: the script of the account named by the {@code
 *       chatgpt-account-id} header (name and value matched case-insensitively; unknown or missing
 *       accounts get the default script). A stream answers 200 {@code text/event-stream} with
 *       {@code event:}/{@code data:} blocks: {@code response.created}, {@code codex.rate_limits}
 *       (only with a scripted quota), {@code response.output_item.added}, {@code
 *       response.content_part.added}, N × {@code response.output_text.delta}, {@code
 *       response.output_text.done}, {@code response.content_part.done}, {@code
 *       response.output_item.done}, {@code response.completed} whose {@code response.usage} has
 *       {@code input_tokens}, {@code input_tokens_details.cached_tokens}, {@code output_tokens},
 *       {@code output_tokens_details.reasoning_tokens}, {@code total_tokens}. Every event carries
 *       {@code type} and {@code sequence_number}. A scripted quota also sets the response headers
 *       {@code
 *       x-codex-{primary,secondary}-{used-percent,window-minutes,reset-after-seconds,reset-at}}.
 *   <li>Failures: 429 {@code {"error":{"type":"usage_limit_reached","code",...,"plan_type",
 *       "resets_at","resets_in_seconds"}}} (primary window at 100%); quota exhausted as 429 {@code
 *       insufficient_quota} (secondary window at 100%); 401 {@code token_expired}; any 4xx/5xx with
 *       a {@code server_error} or scripted code; a 200 stream that ends with {@code
 *       response.failed} whose {@code response.error.code} is {@code server_is_overloaded}; a
 *       stream whose connection is closed after K deltas with no terminal event; a delay before the
 *       first byte.
 *   <li>{@code GET {base}/codex/models}: a fixed catalog {@code {"models":[{"slug",...}]}}.
 *   <li>Anything else: 404.
 * </ul>
 *
 * <p>Scripts ({@link io.codexlb.testkit.Script}, {@link io.codexlb.testkit.StreamScript}, {@link
 * io.codexlb.testkit.ErrorScript}) are immutable values; {@link io.codexlb.testkit.ScriptedAccount}
 * holds a queue of one-shot scripts and a standing one per account. Streams are written on the
 * event loop with drain handling and timers, never a thread per request, so thousands can be open
 * at once. Requests are recorded ({@link io.codexlb.testkit.RecordedRequest}) in arrival order
 * unless recording is turned off; {@link io.codexlb.testkit.FakeChatGptBackendMain} runs it
 * standalone.
 */
package io.codexlb.testkit;
