package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line of {@code ./lakehouse}: help, usage errors and exit codes, all before Spark or a service starts. */
class LakehouseCliTest {
  @TempDir
  Path tmp;

  @Test
  void noArgumentsPrintsTheUsageAndExitsTwo() {
    CliRun run = CliRun.of();
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("usage: ./lakehouse").contains("generate", "local", "sql");
    assertThat(run.out()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"--help", "-h"})
  void helpNamesTheCommands(String help) {
    CliRun run = CliRun.of(help);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse", "generate", "local", "sql", "Exit codes: 0 done, 1 failed");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void localRunHelpNamesEveryOptionAndItsDefault() {
    CliRun run = CliRun.of("local", "run", "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse local run", "--input=DIR", "--workdir=DIR", "--seed=N", "--scale=S", "--drop=N",
        "--kafka-port=P", "--fail-stage=STATE", "(default: 42)", "(default: 1.0)", "(default: 1)", "(default: 0, a",
        "work/run-<yyyyMMdd-HHmmss>/");
  }

  @Test
  void localHelpNamesRun() {
    CliRun run = CliRun.of("local", "-h");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse local", "run ");
  }

  @Test
  void sqlHelpNamesTheQueryAndOptions() {
    CliRun run = CliRun.of("sql", "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse sql", "QUERY", "--workdir=DIR", "--format=FORMAT", "table, csv, json",
        "(default:", "table)");
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("lakehouse ").doesNotContain("${");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "--bogus                        | usage: ./lakehouse ",
      "local --bogus                  | usage: ./lakehouse local ",
      "local run --bogus              | usage: ./lakehouse local run",
      "sql --bogus SELECT             | usage: ./lakehouse sql",
      "generate --out x --bogus       | usage: ./lakehouse generate"})
  void anUnknownOptionExitsTwoNamingIt(String args, String usage) {
    CliRun run = CliRun.of(args.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--bogus'").contains(usage);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "local run --seed abc                | Invalid value for option '--seed': 'abc'",
      "local run --scale lots              | Invalid value for option '--scale': 'lots'",
      "local run --drop 1.5                | Invalid value for option '--drop': '1.5'",
      "local run --kafka-port 70000        | --kafka-port must be between 0 and 65535",
      "local run --kafka-port -1           | --kafka-port must be between 0 and 65535",
      "local run --workdir                 | Missing required parameter for option '--workdir'",
      "local run --fail-stage --seed 1     | Expected parameter for option '--fail-stage' but found '--seed'",
      "sql --format xml SELECT             | Invalid value for option '--format': expected one of [table, csv, json]",
      "sql                                 | Missing required parameter: 'QUERY'",
      "sql SELECT 1                        | Unmatched argument at index 2: '1'",
      "local                               | Missing required subcommand",
      "frobnicate                          | Unmatched argument at index 0: 'frobnicate'"})
  void aBadValueExitsTwoNamingTheOption(String args, String message) {
    CliRun run = CliRun.of(args.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: " + message).contains("usage: ./lakehouse");
  }

  @Test
  void aRepeatedOptionTakesTheLastValue() {
    CliRun run = CliRun.of("local", "run", "--kafka-port", "1", "--kafka-port", "70000");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--kafka-port must be between 0 and 65535");
  }

  @Test
  void anAtArgumentIsAValueNotAFileOfArguments() throws Exception {
    Path args = Files.writeString(tmp.resolve("args"), "--bogus");
    CliRun run = CliRun.of("local", "run", "@" + args);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 2: '@" + args + "'");
  }

  @Test
  void aBlankQueryIsABadCommandLine() {
    CliRun run = CliRun.of("sql", " ");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("QUERY must not be blank");
  }

  @Test
  void aBadInputDropExitsTwoBeforeAnythingStarts() throws Exception {
    CliRun missing = CliRun.of("local", "run", "--input", tmp.resolve("nonexistent").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("error: Input drop " + tmp.resolve("nonexistent") + " is not a directory");

    Path drop = Files.createDirectories(tmp.resolve("drop"));
    for (String dir : new String[] {"clickstream", "transactions", "users"}) {
      Files.createDirectories(drop.resolve(dir));
    }
    CliRun noOrders = CliRun.of("local", "run", "--input", drop.toString());
    assertThat(noOrders.exit()).isEqualTo(2);
    assertThat(noOrders.err()).contains("has no orders/ folder").doesNotContain("usage:");
  }

  @Test
  void sqlOnADirectoryWithoutALakehouseExitsTwo() {
    CliRun run = CliRun.of("sql", "SELECT 1", "--workdir", tmp.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("holds no local lakehouse");
  }

  @Test
  void aRuntimeFailureExitsOneWithTheDebugHint() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    CliRun run = CliRun.of("local", "run", "--workdir", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains(file.toString())
        .contains(System.getenv("LAKEHOUSE_DEBUG") == null ? "(LAKEHOUSE_DEBUG=1 prints the stack trace)" : "at ");
  }
}
