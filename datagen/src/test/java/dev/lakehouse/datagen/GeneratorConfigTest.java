package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorConfigTest {

  private static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);

  @Test
  void defaultsAreTheDocumentedValues() {
    GeneratorConfig d = GeneratorConfig.defaults();
    assertThat(d)
        .isEqualTo(
            new GeneratorConfig(42, 1.0, NOV_1, 3, 0.05, 0.02, 0.005, 0.005, 0.003, 0.005, 0.003,
                0.003));
  }

  @Test
  void copyMethodsChangeOnlyTheirField() {
    GeneratorConfig d = GeneratorConfig.defaults();
    assertThat(d.withSeed(7)).isEqualTo(d.withSeed(7)).extracting(GeneratorConfig::seed)
        .isEqualTo(7L);
    assertThat(d.withSeed(7).withSeed(42)).isEqualTo(d);
    assertThat(d.withScale(2.5).scale()).isEqualTo(2.5);
    assertThat(d.withScale(2.5).withScale(1.0)).isEqualTo(d);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void everyRateIsCheckedAndNamed(double bad) {
    assertRejected("lateRate", r -> rates(r, 0, 0, 0, 0, 0, 0, 0), bad);
    assertRejected("duplicateRate", r -> rates(0, r, 0, 0, 0, 0, 0, 0), bad);
    assertRejected("corruptRate", r -> rates(0, 0, r, 0, 0, 0, 0, 0), bad);
    assertRejected("nullRate", r -> rates(0, 0, 0, r, 0, 0, 0, 0), bad);
    assertRejected("futureRate", r -> rates(0, 0, 0, 0, r, 0, 0, 0), bad);
    assertRejected("badTotalRate", r -> rates(0, 0, 0, 0, 0, r, 0, 0), bad);
    assertRejected("unknownCategoryRate", r -> rates(0, 0, 0, 0, 0, 0, r, 0), bad);
    assertRejected("badAmountRate", r -> rates(0, 0, 0, 0, 0, 0, 0, r), bad);
  }

  @Test
  void ratesAtTheBoundsAreAccepted() {
    assertThat(rates(0, 1, 0, 1, 0, 1, 0, 1).duplicateRate()).isEqualTo(1.0);
    assertThat(rates(0, 0, 0, 0, 0, 0, 0, 0).lateRate()).isZero();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, 1000.5})
  void scaleMustBePositiveAndBounded(double bad) {
    assertThatThrownBy(() -> GeneratorConfig.defaults().withScale(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale");
  }

  @Test
  void daysMustBeAtLeastOne() {
    assertThatThrownBy(
            () -> new GeneratorConfig(1, 1, NOV_1, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("days");
  }

  @Test
  void baseDateIsRequired() {
    assertThatThrownBy(() -> new GeneratorConfig(1, 1, null, 1, 0, 0, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("baseDate");
  }

  private static GeneratorConfig rates(
      double late, double dup, double corrupt, double nul, double future, double badTotal,
      double unknown, double badAmount) {
    return new GeneratorConfig(
        1, 1, NOV_1, 1, late, dup, corrupt, nul, future, badTotal, unknown, badAmount);
  }

  private static void assertRejected(String field, DoubleFunction<GeneratorConfig> make, double r) {
    assertThatThrownBy(() -> make.apply(r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " ");
  }
}
