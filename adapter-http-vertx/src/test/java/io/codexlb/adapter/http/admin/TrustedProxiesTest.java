package io.codexlb.adapter.http.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  @Test
  void parsesAddressesAndRanges() {
    TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.7 ,::1,, fd00::/8");

    assertThat(proxies.isEmpty()).isFalse();
    assertThat(proxies.toString()).contains("10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8");
    assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
  }

  @Test
  void refusesHostNamesAndBadPrefixes() {
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0/8"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void literalsParseWithoutLookups() {
    assertThat(TrustedProxies.bytes("127.0.0.1")).hasSize(4);
    assertThat(TrustedProxies.bytes("[::1]")).hasSize(16);
    assertThat(TrustedProxies.bytes("localhost")).isNull();
    assertThat(TrustedProxies.bytes("1.2.3")).isNull();
  }
}
