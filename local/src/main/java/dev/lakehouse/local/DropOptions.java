package dev.lakehouse.local;

import dev.lakehouse.datagen.GeneratorConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that choose a generated drop, shared by {@code generate} and {@code local run} (a picocli mixin). */
final class DropOptions {
  private static final GeneratorConfig DEFAULTS = GeneratorConfig.defaults();

  @Option(names = "--seed", paramLabel = "N", description = "random seed of the drop, a whole number (default: ${DEFAULT-VALUE})")
  private long seed = DEFAULTS.seed();

  @Option(names = "--scale", paramLabel = "S", description = "volume multiplier > 0; 1.0 = 2,000 users, 10,000 sessions, 5,000 orders"
      + " (default: ${DEFAULT-VALUE})")
  private double scale = DEFAULTS.scale();

  @Option(names = "--drop", paramLabel = "N", description = "position in a series of drops (default: ${DEFAULT-VALUE}): drop N covers"
      + " the days after drop N-1, with new ids and files, and updates to the same users")
  private int drop = DEFAULTS.drop();

  /** The generator's configuration; a value it refuses is a bad command line (exit 2). */
  GeneratorConfig config(CommandSpec spec) {
    try {
      return DEFAULTS.withSeed(seed).withScale(scale).withDrop(drop);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
