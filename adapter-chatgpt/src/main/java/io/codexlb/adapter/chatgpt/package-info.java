/**
 * The client of the upstream ChatGPT Codex backend ({@code POST {base}/codex/responses} over SSE).
 * Filled in by the data plane work; the package exists so the architecture rules cover it from the
 * start.
 */
package io.codexlb.adapter.chatgpt;
