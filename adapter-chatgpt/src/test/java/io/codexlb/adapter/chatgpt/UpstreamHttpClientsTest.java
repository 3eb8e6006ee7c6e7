package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.domain.upstream.UpstreamFailure.Unreachable.Cause;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How a network failure is classified: upstream's outage, or a request upstream did not answer. */
class UpstreamHttpClientsTest {

  /** As Netty's: a ConnectException whose name says it timed out. */
  static final class ConnectTimeoutException extends ConnectException {
    ConnectTimeoutException(String message) {
      super(message);
    }
  }

  private static Cause causeOf(Throwable error) {
    UpstreamFailure failure = UpstreamHttpClients.unreachable(error).orElseThrow();
    assertThat(failure).isInstanceOf(UpstreamFailure.Unreachable.class);
    assertThat(failure.accountEvent()).isEmpty();
    assertThat(failure.message()).doesNotContain("secret-host");
    return ((UpstreamFailure.Unreachable) failure).cause();
  }

  @Test
  void failingToReachUpstreamIsUnreachableWithItsCause() {
    assertThat(causeOf(new ConnectException("Connection refused: secret-host/10.0.0.1:443")))
        .isEqualTo(Cause.REFUSED);
    assertThat(causeOf(new NoRouteToHostException("secret-host"))).isEqualTo(Cause.REFUSED);
    assertThat(causeOf(new UnknownHostException("Failed to resolve 'secret-host'")))
        .isEqualTo(Cause.DNS);
    assertThat(causeOf(new SSLHandshakeException("bad certificate for secret-host")))
        .isEqualTo(Cause.TLS);
    assertThat(causeOf(new ConnectTimeoutException("connection timed out: secret-host")))
        .isEqualTo(Cause.CONNECT_TIMEOUT);
  }

  @Test
  void theCauseIsFoundBehindAWrapper() {
    assertThat(causeOf(new VertxException(new UnknownHostException("secret-host"))))
        .isEqualTo(Cause.DNS);
  }

  @Test
  void aRequestUpstreamDidNotAnswerIsTransient() {
    assertThat(UpstreamHttpClients.unreachable(new VertxException("Connection was closed")))
        .get()
        .isInstanceOf(UpstreamFailure.Transient.class);
    assertThat(UpstreamHttpClients.unreachable(new TimeoutException("idle")))
        .get()
        .isInstanceOf(UpstreamFailure.Transient.class);
  }

  @Test
  void anythingElseIsABugAndStaysAFailure() {
    assertThat(UpstreamHttpClients.unreachable(new IllegalStateException("bug"))).isEmpty();
  }
}
