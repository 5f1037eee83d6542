package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The card check the PII scans rely on. */
class PiiScanTest {
  @Test
  void luhnAcceptsValidCardNumbersOnly() {
    assertThat(PiiScan.luhn("4111111111111111")).isTrue();
    assertThat(PiiScan.luhn("5500000000000004")).isTrue();
    assertThat(PiiScan.luhn("4111111111111112")).isFalse();
    assertThat(PiiScan.luhn("1234567812345678")).isFalse();
  }
}
