package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.pipeline.PipelineJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The runbooks cannot rot: every shell block says whether it runs locally or on AWS; every local
 * command is a {@code ./lakehouse} command that parses (it is run on a local lakehouse by
 * {@link LocalRunOverTimeIT}); every AWS {@code ./lakehouse} command names a real subcommand with
 * {@code --env} and parses; every deployed job a command names is in the catalog; every procedure
 * of SPEC §5 has its runbook, linked from the index.
 */
class RunbooksTest {
  /** Local scripts shown but not run here, and the test that runs their procedure. */
  private static final List<String> SHELL_SCRIPTS = List.of("pii-key-rotation.md"); // UsersSilverJobTest rotates and re-hashes
  private static final Pattern JOB_NAME = Pattern.compile("--job-name\\s+lakehouse-<env>-([a-z0-9-]+)");

  @Test
  void everyShellBlockIsLocalOrAwsAndItsCommandsAreReal() throws Exception {
    List<Runbooks.Block> blocks = Runbooks.blocks();
    assertThat(blocks).hasSizeGreaterThan(20);
    int local = 0;
    int lakehouseOnAws = 0;
    for (Runbooks.Block b : blocks) {
      if (b.language().equals("bash") || b.language().equals("sh") || b.language().isEmpty()) {
        assertThat(b.kind()).as(b.where() + ": a shell block is ```bash local or ```bash aws").isIn("local", "aws", "shell");
        // a local script that is more than ./lakehouse commands, run by a test of its own instead
        if (b.kind().equals("shell")) {
          assertThat(SHELL_SCRIPTS).as(b.where() + " is a listed local script").contains(Runbooks.DIR.relativize(b.file()).toString());
        }
      }
      for (String c : b.commands()) {
        if (b.kind().equals("local")) {
          assertThat(c).as(b.where()).startsWith("./lakehouse ").doesNotContainPattern("<[a-zA-Z][^<>]*>").doesNotContain("--env", "--workdir");
          parses(b, c);
          local++;
        } else if (b.kind().equals("aws")) {
          if (c.startsWith("./lakehouse ")) {
            assertThat(c).as(b.where() + ": on AWS a ./lakehouse command names its environment").contains("--env <env>");
            parses(b, c.replace("<env>", "dev"));
            lakehouseOnAws++;
          }
          Matcher m = JOB_NAME.matcher(c);
          while (m.find()) {
            String id = m.group(1);
            assertThat(PipelineJob.values()).as(b.where() + ": " + c).anyMatch(j -> j.id().equals(id));
          }
        }
      }
    }
    assertThat(local).isGreaterThan(10);
    assertThat(lakehouseOnAws).isGreaterThan(5);
  }

  @Test
  void everyProcedureOfTheSpecHasARunbookWithCommandsBothWaysLinkedFromTheIndex() throws Exception {
    String index = Files.readString(Runbooks.DIR.resolve("README.md"));
    List<Runbooks.Block> blocks = Runbooks.blocks();
    for (String procedure : List.of("pipeline-failure", "late-data-reprocess", "backfill", "snapshot-rollback", "gdpr-erasure",
        "dr-failover", "consumer-lag", "budget-alert", "credential-rotation", "maintenance")) {
      Path file = Runbooks.DIR.resolve(procedure + ".md");
      assertThat(file).as(procedure).isRegularFile();
      assertThat(index).as("the index links " + procedure).contains("(" + procedure + ".md)");
      assertThat(blocks).as(procedure + " has AWS commands").anyMatch(b -> b.file().equals(file) && b.kind().equals("aws"));
    }
    for (String procedure : List.of("pipeline-failure", "late-data-reprocess", "backfill", "snapshot-rollback", "gdpr-erasure",
        "consumer-lag", "maintenance")) {
      assertThat(blocks).as(procedure + " has local commands")
          .anyMatch(b -> b.file().equals(Runbooks.DIR.resolve(procedure + ".md")) && b.kind().equals("local"));
    }
  }

  /** Parses as the CLI would run it; an operation's options are also checked the way it checks them before running. */
  private static void parses(Runbooks.Block b, String command) {
    List<String> args = Runbooks.arguments(command);
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    CommandLine cli = LakehouseCli.commandLine(sink, sink, AwsClients.standard());
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(b.where() + ": " + command + ": " + e.getMessage(), e);
    }
    assertThat(parsed.hasSubcommand()).as(b.where() + ": " + command).isTrue();
    Object command0 = parsed.subcommand().commandSpec().userObject();
    if (command0 instanceof OperationCommand op) {
      assertThat(op.steps()).as(b.where() + ": " + command).isNotEmpty();
    }
  }
}
