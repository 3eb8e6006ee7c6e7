/**
 * Compatibility tests: real clients against the real server, started in-process per test class with
 * the testkit's {@link io.codexlb.testkit.FakeChatGptBackend} as its upstream.
 *
 * <p>The official OpenAI Java SDK calls {@code /v1/responses} and {@code /v1/chat/completions}
 * (text, tool calls, structured output) streaming and not, and must see each error of the guide as
 * the exception type and status it maps that status to. Codex CLI, installed from npm, runs {@code
 * codex exec} through a model provider pointed at {@code /backend-api/codex}. The OpenAI Node SDK,
 * also from npm, streams chat completions with {@code include_usage} from small scripts run with
 * {@code node}. The fixtures here provision accounts and keys the way an operator does, with the
 * server's own {@code accounts import} and {@code keys create} commands, before the server starts.
 */
package io.codexlb.compat;
