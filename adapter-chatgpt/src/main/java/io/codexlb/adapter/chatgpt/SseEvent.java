package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

/**
 * One server-sent event as it was framed on the wire, before its meaning is read.
 *
 * @param name the {@code event:} field; empty when the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 */
record SseEvent(String name, String data) {

  SseEvent {
    requireNonNull(name, "name");
    requireNonNull(data, "data");
  }
}
