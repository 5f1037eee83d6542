package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

  private static Path root;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void createRoot() {
    root = TestDirs.newDir("datagen-main-");
  }

  @AfterAll
  static void deleteRoot() {
    TestDirs.deleteRecursively(root);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                              | --out DIR is required",
        "--seed 1                        | --out DIR is required",
        "--out                           | --out needs a value",
        "--out x --seed                  | --seed needs a value",
        "--out x --seed abc              | --seed must be a whole number, got 'abc'",
        "--out x --scale lots            | --scale must be a number, got 'lots'",
        "--out x --scale 0               | scale must be > 0",
        "--out x --scale -2              | scale must be > 0",
        "--out x --verbose               | unknown argument '--verbose'",
        "x                               | unknown argument 'x'",
      })
  void badArgumentsExitWithTwoAndSayWhy(String args, String message) {
    String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
    int code = Main.run(argv, out, err);
    assertThat(code).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains(message).contains("usage:");
  }

  @Test
  void helpPrintsUsage() {
    assertThat(Main.run(new String[] {"--help"}, out, err)).isZero();
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("--out DIR");
  }

  @Test
  void generatesADropAndSummarizesIt() throws IOException {
    Path dir = root.resolve("ok");
    int code =
        Main.run(new String[] {"--out", dir.toString(), "--seed", "9", "--scale", "0.02"}, out,
            err);
    assertThat(code).isZero();
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .contains("clickstream", "orders", "transactions", "users");
    assertThat(Files.readString(dir.resolve("manifest.json")))
        .contains("\"seed\" : 9")
        .contains("\"scale\" : 0.02");
  }

  @Test
  void generationFailureExitsWithOne() throws IOException {
    Path dir = Files.createDirectories(root.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "x");
    int code = Main.run(new String[] {"--out", dir.toString(), "--scale", "0.01"}, out, err);
    assertThat(code).isEqualTo(1);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("must be empty");
  }

  @Test
  void twoArgumentRunUsesTheGivenErrorStream() {
    assertThat(Main.run(new String[] {"--bogus"}, err)).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'");
  }
}
