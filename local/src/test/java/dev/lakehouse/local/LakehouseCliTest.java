package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertThat(run.out()).contains("usage: ./lakehouse", "generate", "local", "sql", "dr", "Exit codes: 0 done, 1 failed");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void localRunHelpNamesEveryOptionAndItsDefault() {
    CliRun run = CliRun.of("local", "run", "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse local run", "--input=DIR", "--workdir=DIR", "--seed=N", "--scale=S", "--drop=N",
        "--kafka-port=P", "--fail-stage=STATE", "--no-lineage", "--engine=ENGINE", "(default: glue)", "(default: 42)", "(default: 1.0)", "(default: 1)", "(default: 0, a",
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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--email|jane.doe-at-example.com|email 1 of the request is not an email address (23 characters, no @; its value is not repeated",
      "--user-id|USR 1; DROP TABLE silver.users|user/customer id 1 of the request is not an id (letters, digits, _ . : -; at most 64; it has 30",
      "--email|'a@b.com,c@d.com'|email 1 of the request is not an email address (15 characters, a comma; its value"})
  void eraseRefusesAMalformedIdentifierWithExitTwoBeforeTouchingAnything(String option, String value, String message) throws Exception {
    Path workdir = Files.createDirectories(tmp.resolve("run/lakehouse/warehouse"));
    CliRun run = CliRun.of("erase", option, value, "--workdir", tmp.resolve("run").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: " + message).doesNotContain(value);
    try (var left = Files.list(workdir)) {
      assertThat(left).isEmpty(); // not even a lock file: refused before it
    }
  }

  @Test
  void anUnknownEngineIsABadCommandLineBeforeAnythingStarts() {
    CliRun run = CliRun.of("local", "run", "--engine", "spark-on-k8s", "--workdir", tmp.resolve("never").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: --engine must be glue or emr-serverless, not 'spark-on-k8s'");
    assertThat(tmp.resolve("never")).doesNotExist();
  }

  @Test
  void eraseWithoutAnIdentifierIsAUsageError() {
    CliRun none = CliRun.of("erase", "--workdir", tmp.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).startsWith("error: an erasure request names at least one email or user/customer id");
  }

  /** A second writer (an erasure, retention, another pipeline run) is refused naming the holder, before it starts anything. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "erase --email jane@example.com | the erasure job",
      "job retention                  | the retention job",
      "local run --input DROP         | local run local-busy-"})
  void aSecondWriterIsRefusedNamingTheHolder(String args, String what) throws Exception {
    Path workdir = Files.createDirectories(tmp.resolve("busy/lakehouse/warehouse")).getParent().getParent();
    Path drop = Files.createDirectories(tmp.resolve("drop"));
    for (String dir : new String[] {"clickstream", "orders", "transactions", "users"}) {
      Files.createDirectories(drop.resolve(dir));
    }
    List<String> command = new java.util.ArrayList<>(List.of(args.replace("DROP", drop.toString()).trim().split("\\s+")));
    command.addAll(List.of("--workdir", workdir.toString()));
    try (var held = dev.lakehouse.local.platform.PipelineLock.acquire(workdir, "local run local-held-by-the-test")) {
      CliRun refused = CliRun.of(command.toArray(String[]::new));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).startsWith("error: another run holds the lakehouse in " + workdir + ": local run local-held-by-the-test (pid "
          + ProcessHandle.current().pid() + ", since ").contains("; " + what);
    }
    try (var files = Files.walk(workdir)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> workdir.relativize(f).toString())).as("nothing written but the lock")
          .containsExactly("lakehouse/.pipeline.lock");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "no-such-job|--arg|retention-bronze-days=3|error: Unknown job 'no-such-job'",
      "retention|--arg|retention-bronze-dayz=3|error: unknown job argument 'retention-bronze-dayz'",
      "erasure|--arg|erase-ids=USR-1|error: erasure takes its request from ./lakehouse erase"})
  void jobRefusesAnUnknownJobOrArgumentAndErasureWithExitTwo(String job, String flag, String value, String message) throws Exception {
    Files.createDirectories(tmp.resolve("run/lakehouse/warehouse"));
    CliRun run = CliRun.of("job", job, flag, value, "--workdir", tmp.resolve("run").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith(message);
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("lakehouse ").doesNotContain("${");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "--bogus                           | Unknown option: '--bogus'                                              | usage: ./lakehouse ",
      "local --bogus                     | Unknown option: '--bogus'                                              | usage: ./lakehouse local ",
      "local run --bogus                 | Unknown option: '--bogus'                                              | usage: ./lakehouse local run",
      "sql --bogus SELECT                | Unknown option: '--bogus'                                              | usage: ./lakehouse sql",
      "generate --out x --bogus          | Unknown option: '--bogus'                                              | usage: ./lakehouse generate",
      "local run --seed abc              | Invalid value for option '--seed': 'abc'                               | usage: ./lakehouse local run",
      "local run --scale lots            | Invalid value for option '--scale': 'lots'                             | usage: ./lakehouse local run",
      "local run --drop 1.5              | Invalid value for option '--drop': '1.5'                               | usage: ./lakehouse local run",
      "local run --drop 0                | drop must be between 1 and 999, got 0                                  | usage: ./lakehouse local run",
      "local run --kafka-port 70000      | --kafka-port must be between 0 and 65535                               | usage: ./lakehouse local run",
      "local run --kafka-port -1         | --kafka-port must be between 0 and 65535                               | usage: ./lakehouse local run",
      "local run --workdir               | Missing required parameter for option '--workdir'                      | usage: ./lakehouse local run",
      "local run --fail-stage --seed 1   | Expected parameter for option '--fail-stage' but found '--seed'        | usage: ./lakehouse local run",
      "sql --format xml SELECT           | Invalid value for option '--format': expected one of [table, csv, json] | usage: ./lakehouse sql",
      "sql                               | Missing required parameter: 'QUERY'                                    | usage: ./lakehouse sql",
      "sql SELECT 1                      | Unmatched argument at index 2: '1'                                     | usage: ./lakehouse sql",
      "local                             | Missing required subcommand                                            | usage: ./lakehouse local",
      "frobnicate                        | Unmatched argument at index 0: 'frobnicate'                            | usage: ./lakehouse",
      "generate                          | Missing required option: '--out=DIR'                                   | usage: ./lakehouse generate",
      "generate --seed 1                 | Missing required option: '--out=DIR'                                   | usage: ./lakehouse generate",
      "generate --out                    | Missing required parameter for option '--out'                          | usage: ./lakehouse generate",
      "generate --out x --seed           | Missing required parameter for option '--seed'                         | usage: ./lakehouse generate",
      "generate --out x --seed abc       | Invalid value for option '--seed': 'abc' is not a long                 | usage: ./lakehouse generate",
      "generate --out x --scale lots     | Invalid value for option '--scale': 'lots'                             | usage: ./lakehouse generate",
      "generate --out x --scale 0        | scale must be > 0                                                      | usage: ./lakehouse generate",
      "generate --out x --scale -2       | scale must be > 0                                                      | usage: ./lakehouse generate",
      "generate --out x --drop 0         | drop must be between 1 and 999, got 0                                  | usage: ./lakehouse generate",
      "generate --out x --drop 4294967297 | Invalid value for option '--drop': '4294967297' is not an int         | usage: ./lakehouse generate",
      "generate --out x x                | Unmatched argument at index 3: 'x'                                     | usage: ./lakehouse generate"})
  void aBadCommandLineExitsTwoNamingWhatIsWrongThenTheUsage(String args, String message, String usage) {
    CliRun run = CliRun.of(args.trim().split("\\s+"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("error: " + message).contains(usage);
    assertThat(Files.exists(Path.of("x"))).as("nothing written").isFalse();
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
