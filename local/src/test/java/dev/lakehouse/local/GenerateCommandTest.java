package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./lakehouse generate}: its arguments, exit codes and summary (what datagen's own command line promised). */
class GenerateCommandTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "''                              | Missing required option: '--out=DIR'",
      "--seed 1                        | Missing required option: '--out=DIR'",
      "--out                           | Missing required parameter for option '--out'",
      "--out x --seed                  | Missing required parameter for option '--seed'",
      "--out x --seed abc              | Invalid value for option '--seed': 'abc' is not a long",
      "--out x --scale lots            | Invalid value for option '--scale': 'lots'",
      "--out x --scale 0               | scale must be > 0",
      "--out x --scale -2              | scale must be > 0",
      "--out x --drop 0                | drop must be between 1 and 999, got 0",
      "--out x --drop 4294967297       | drop must be between 1 and 999, got 1000",
      "--out x --verbose               | Unknown option: '--verbose'",
      "--out x x                        | Unmatched argument at index 3: 'x'"})
  void badArgumentsExitWithTwoAndSayWhy(String args, String message) {
    CliRun run = generate(args.isBlank() ? new String[0] : args.trim().split("\\s+"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message).contains("usage: ./lakehouse generate");
    assertThat(Files.exists(Path.of("x"))).as("nothing written").isFalse();
  }

  @Test
  void anEmptyOutIsABadArgument() {
    CliRun run = generate("--out", "");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--out must not be empty");
  }

  @Test
  void helpNamesEveryOptionAndItsDefault() {
    CliRun run = generate("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse generate", "--out=DIR", "--seed=N", "--scale=S", "--drop=N",
        "(default: 42)", "(default: 1.0)", "(default: 1)");
  }

  @Test
  void generatesADropAndSummarizesIt() throws Exception {
    Path dir = tmp.resolve("ok");
    CliRun run = generate("--out", dir.toString(), "--seed", "9", "--scale", "0.02");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("datagen: wrote drop (seed 9, scale 0.02) to " + dir + " in ")
        .containsPattern("(?m)^  clickstream +\\d+ files +\\d+ records  ")
        .containsPattern("(?m)^  orders +\\d+ files +\\d+ records  ")
        .containsPattern("(?m)^  transactions +\\d+ files +\\d+ records  ")
        .containsPattern("(?m)^  users +\\d+ files +\\d+ records  ");
    assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"seed\" : 9").contains("\"scale\" : 0.02");
  }

  @Test
  void generationFailureExitsWithOne() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "x");
    CliRun run = generate("--out", dir.toString(), "--scale", "0.01");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("datagen: generation failed: ").contains("must be empty");
  }

  private static CliRun generate(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "generate";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.of(all);
  }
}
