package dev.lakehouse.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the CLI: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** {@link LakehouseCli#run} in this JVM. */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = LakehouseCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The README's {@code ./lakehouse} launcher script in its own process, as a person runs it. */
  static CliRun launcher(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("lakehouse").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(Path.of("target").toAbsolutePath(), "out", ".txt");
    Path err = Files.createTempFile(Path.of("target").toAbsolutePath(), "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("LAKEHOUSE_NO_BUILD", "1"); // the build under test already produced the classpath
    pb.environment().put("LAKEHOUSE_HEAP", "2g");
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./lakehouse " + String.join(" ", args) + " did not finish in 10 minutes");
    }
    return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
