package io.codexlb.testkit;

/**
 * A function call a scripted answer makes, as the Responses API reports it: a {@code function_call}
 * output item with its {@code call_id}, {@code name} and {@code arguments} (a JSON text, streamed
 * in {@code response.function_call_arguments.delta} events).
 *
 * @param callId the id the client answers with its tool result
 * @param name the function's name
 * @param arguments the arguments, a JSON text
 */
public record FunctionCall(String callId, String name, String arguments) {

  /** Checks that nothing is missing. */
  public FunctionCall {
    if (callId == null || name == null || arguments == null) {
      throw new IllegalArgumentException("callId, name, arguments: null (expected: strings)");
    }
  }
}
