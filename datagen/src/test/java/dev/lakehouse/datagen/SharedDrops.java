package dev.lakehouse.datagen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;

/** Drops generated once per test JVM and shared by the test classes that only read them. */
final class SharedDrops {

  /** Generated drop plus the manifest the generator returned for it. */
  record Drop(Path dir, GeneratorConfig config, DropManifest manifest) {}

  /** Rates high enough that every anomaly shows up many times even at a small scale. */
  static final GeneratorConfig HIGH_RATES =
      new GeneratorConfig(7L, 0.3, LocalDate.of(2026, 11, 1), 2, 0.06, 0.04, 0.03, 0.03, 0.03,
          0.03, 0.03, 0.08);

  private static Drop defaults;
  private static Drop highRates;

  private SharedDrops() {}

  static synchronized Drop defaults() {
    if (defaults == null) {
      defaults = generate("defaults", GeneratorConfig.defaults());
    }
    return defaults;
  }

  static synchronized Drop highRates() {
    if (highRates == null) {
      highRates = generate("high-rates", HIGH_RATES);
    }
    return highRates;
  }

  static Drop generate(String name, GeneratorConfig cfg) {
    Path parent = TestDirs.newDir("datagen-" + name + "-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> TestDirs.deleteRecursively(parent)));
    Path dir = parent.resolve("drop");
    try {
      return new Drop(dir, cfg, SourceDropGenerator.generate(cfg, dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
