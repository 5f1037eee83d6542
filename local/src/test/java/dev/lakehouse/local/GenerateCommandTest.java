package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lakehouse generate}: its arguments, exit codes and summary (what datagen's own command line promised). */
class GenerateCommandTest {
  @TempDir
  Path tmp;

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
