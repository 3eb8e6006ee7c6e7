/**
 * The client of the upstream ChatGPT Codex backend ({@code POST {base}/codex/responses} over SSE):
 * {@link io.codexlb.adapter.chatgpt.ChatGptUpstreamClient}, the {@code UpstreamClient} port over
 * one pooled Vert.x HTTP client, configured by {@link io.codexlb.adapter.chatgpt.UpstreamSettings}.
 * The rest is package-private and pure: SSE framing, payload normalization, header filtering,
 * failure classification and quota parsing, each tested on its own.
 */
@NullMarked
package io.codexlb.adapter.chatgpt;

import org.jspecify.annotations.NullMarked;
