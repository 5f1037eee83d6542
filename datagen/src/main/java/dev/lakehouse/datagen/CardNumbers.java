package dev.lakehouse.datagen;

import java.util.SplittableRandom;

/** Test card numbers: 16 digits, Visa-like prefix 4, valid Luhn check digit. */
final class CardNumbers {

  private CardNumbers() {}

  static String next(SplittableRandom rng) {
    int[] digits = new int[16];
    digits[0] = 4;
    for (int i = 1; i < 15; i++) {
      digits[i] = rng.nextInt(10);
    }
    digits[15] = luhnCheckDigit(digits, 15);
    StringBuilder sb = new StringBuilder(16);
    for (int d : digits) {
      sb.append((char) ('0' + d));
    }
    return sb.toString();
  }

  /** Luhn check digit for the first {@code length} digits. */
  static int luhnCheckDigit(int[] digits, int length) {
    int sum = 0;
    boolean doubleIt = true; // the rightmost payload digit sits next to the check digit
    for (int i = length - 1; i >= 0; i--) {
      int d = digits[i];
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return (10 - sum % 10) % 10;
  }
}
