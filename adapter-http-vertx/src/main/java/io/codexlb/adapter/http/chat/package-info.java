/**
 * OpenAI Chat Completions on top of the Responses data plane: pure translators from a chat request
 * to the Responses body the data plane forwards, and from the upstream Responses events back to
 * {@code chat.completion.chunk} objects or one {@code chat.completion}. Nothing here knows Vert.x;
 * the HTTP adapter drives these classes.
 */
@NullMarked
package io.codexlb.adapter.http.chat;

import org.jspecify.annotations.NullMarked;
