package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher script as a person runs it, in its own process: a run gets as far as Spark writing
 * Iceberg under the script's JVM options, and an interrupted run stops every service it started;
 * bad input exits 2 and a taken port 1, with a clear message. (Whole runs and runs over time, in
 * process: {@link LocalRunOverTimeIT}.)
 */
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void badInputAndATakenPortExitNonZeroWithAClearMessage() throws Exception {
    // the script's process exits with the CLI's code (bad command lines and queries: LakehouseCliTest)
    CliRun missing = CliRun.launcher("local", "run", "--input", "/nonexistent/drop");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("error: Input drop /nonexistent/drop is not a directory");

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "port");
      CliRun port = CliRun.of("local", "run", "--scale", "0.01", "--workdir", workdir.toString(),
          "--kafka-port", String.valueOf(taken.getLocalPort()));
      assertThat(port.exit()).isEqualTo(1);
      assertThat(port.err()).contains("Kafka port " + taken.getLocalPort() + " is already in use");
      assertThat(awaitNoServices(workdir)).as("the stand-ins it started are stopped").isEmpty();
    }
  }

  @Test
  void anInterruptedRunStopsEveryServiceItStarted() throws Exception {
    Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "interrupt");
    Path out = workdir.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("lakehouse").toString(), "local", "run", "--scale", "0.05",
        "--workdir", workdir.toString()).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LAKEHOUSE_NO_BUILD", "1");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    // interrupted once Spark has started and Iceberg migrated the tables: both run under the script's JVM options
    while (!(Files.exists(out) && Files.readString(out).contains("local[2] session, tables migrated"))) {
      assertThat(p.isAlive()).as("still running").isTrue();
      assertThat(System.nanoTime()).as("reached the Spark session").isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(servicesOf(workdir)).as("the stand-ins JVM runs").isNotEmpty();
    p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(awaitNoServices(workdir)).as("processes left behind").isEmpty();
  }

  /** The processes of {@code workdir} still running after they had up to 30 s to stop. */
  private static List<String> awaitNoServices(Path workdir) throws InterruptedException {
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!servicesOf(workdir).isEmpty() && System.nanoTime() < gone) {
      Thread.sleep(200);
    }
    return servicesOf(workdir);
  }

  private static List<String> servicesOf(Path workdir) {
    return ProcessHandle.allProcesses()
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(workdir.toString()) && !c.contains("LakehouseCli"))
        .toList();
  }
}
