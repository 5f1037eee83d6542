package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's run command, as a separate process through the real launcher script. */
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Outcome(int exit, String out, String err) {}

  private static Outcome lakehouse(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("lakehouse").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(Path.of("target").toAbsolutePath(), "out", ".txt");
    Path err = Files.createTempFile(Path.of("target").toAbsolutePath(), "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("LAKEHOUSE_NO_BUILD", "1"); // the build under test already produced the classpath
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("launcher finished").isTrue();
    return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runsTheLocalPipelineOnAGeneratedDropAndEverySourceReconciles() throws Exception {
    Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "run");
    Outcome o = lakehouse("local", "run", "--scale", "0.05", "--seed", "3", "--workdir", workdir.toString());

    assertThat(o.exit()).as(o.out() + o.err()).isZero();
    for (String source : List.of("clickstream", "orders", "transactions", "users")) {
      assertThat(o.out()).containsPattern("(?m)^" + source + "\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+yes$");
    }
    assertThat(o.out()).contains("0 error-level failures").doesNotContain(" NO");
    assertThat(workdir.resolve("lakehouse/warehouse/silver/orders/metadata")).isDirectory();
  }

  @Test
  void aBadInputExitsNonZeroWithAClearMessage() throws Exception {
    Outcome missing = lakehouse("local", "run", "--input", "/nonexistent/drop");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("error: Input drop /nonexistent/drop is not a directory");

    Path drop = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "drop");
    for (String dir : List.of("clickstream", "transactions", "users")) {
      Files.createDirectories(drop.resolve(dir));
    }
    Outcome noOrders = lakehouse("local", "run", "--input", drop.toString());
    assertThat(noOrders.exit()).isEqualTo(2);
    assertThat(noOrders.err()).contains("has no orders/ folder");

    Outcome unknown = lakehouse("frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("usage: ./lakehouse");
  }
}
