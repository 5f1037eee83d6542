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

  @Test
  void findsCardNumbersAsTheyAreWritten() {
    assertThat(PiiScan.cardNumbersIn("paid with 4111111111111111.")).containsExactly("4111111111111111");
    assertThat(PiiScan.cardNumbersIn("card=4111 1111 1111 1111;")).containsExactly("4111 1111 1111 1111");
    assertThat(PiiScan.cardNumbersIn("5500-0000-0000-0004")).containsExactly("5500-0000-0000-0004");
    assertThat(PiiScan.cardNumbersIn("amex 3782 822463 10005")).containsExactly("3782 822463 10005");
    assertThat(PiiScan.cardNumbersIn("4111 1111 1111 1112")).isEmpty(); // fails Luhn
  }

  @Test
  void doesNotTakeCoordinatesForCardNumbers() {
    // Both digit runs below pass Luhn; neither is written the way a card number is. The first is
    // the landed-object key that failed CI on 2026-11-24 (a timestamp in two-digit groups).
    assertThat(PiiScan.luhn("20261124020920")).isTrue();
    assertThat(PiiScan.cardNumbersIn("users/start__2026-11-24-02-09-20-730656-part00000.ndjson.gz#77")).isEmpty();
    assertThat(PiiScan.luhn("3996938016173276543")).isTrue();
    assertThat(PiiScan.cardNumbersIn("file:/work/local/target/run3996938016173276543/lake/x.gz#5")).isEmpty();
    assertThat(PiiScan.cardNumbersIn("4111-1111 1111-1111")).isEmpty(); // mixed separators
  }
}
