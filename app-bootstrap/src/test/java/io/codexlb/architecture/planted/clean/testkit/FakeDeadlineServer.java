package io.codexlb.architecture.planted.clean.testkit;

/** Clean: a testkit fake that knows no adapter. */
public record FakeDeadlineServer(int port) {

  public String baseUrl() {
    return "http://localhost:" + port;
  }
}
