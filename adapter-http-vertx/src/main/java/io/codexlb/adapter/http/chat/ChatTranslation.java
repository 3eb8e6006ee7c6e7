package io.codexlb.adapter.http.chat;

/**
 * The outcome of translating a request body: the request to serve, or why it cannot be served (a
 * message for the client that names the field).
 */
public sealed interface ChatTranslation {

  /**
   * The body translated.
   *
   * @param request what the data plane is given
   */
  record Translated(ChatRequest request) implements ChatTranslation {}

  /**
   * The body cannot be served.
   *
   * @param message for the client, naming the field, as {@code "name: value (expected: ...)"}
   */
  record Rejected(String message) implements ChatTranslation {}
}
