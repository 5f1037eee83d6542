package dev.lakehouse.datagen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes one deterministic synthetic source drop:
 *
 * <pre>
 * DIR/clickstream/clickstream-YYYYMMDD-HH.jsonl
 * DIR/orders/orders-YYYYMMDD-HH.jsonl
 * DIR/transactions/transactions_YYYYMMDD_HH.csv
 * DIR/users/users.csv
 * DIR/manifest.json
 * </pre>
 *
 * Same config, same bytes. See {@link GeneratorConfig} for the anomalies that are injected and
 * {@link DropManifest} for how they are reported.
 */
public final class SourceDropGenerator {

  public static final String MANIFEST_FILE = "manifest.json";

  private SourceDropGenerator() {}

  /**
   * Generates the drop into {@code outDir}, which must be absent or empty (a drop is never mixed
   * with leftovers of another one).
   */
  public static DropManifest generate(GeneratorConfig cfg, Path outDir) throws IOException {
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(outDir, "outDir");
    prepareEmptyDirectory(outDir);

    // One independent stream per source, split in a fixed order, so sources do not disturb
    // each other's randomness.
    SplittableRandom root = new SplittableRandom(cfg.seed());
    SplittableRandom usersRng = root.split();
    if (cfg.drop() > 1) {
      // the same users (and the same choice of who changes), new activity for every later drop
      root = new SplittableRandom(cfg.seed() ^ (cfg.drop() * 0x9E3779B97F4A7C15L));
    }
    SplittableRandom clickstreamRng = root.split();
    SplittableRandom transactionsRng = root.split();
    SplittableRandom ordersRng = root.split();
    Volumes volumes = Volumes.of(cfg);

    UsersSource.Result users =
        UsersSource.write(cfg, volumes.users(), usersRng, outDir.resolve("users"));
    ClickstreamSource.Result clickstream =
        ClickstreamSource.write(
            cfg, volumes.sessions(), clickstreamRng, outDir.resolve("clickstream"),
            users.referenceable());
    SourceCounts transactions =
        TransactionsSource.write(
            cfg, transactionsRng, outDir.resolve("transactions"), clickstream.purchases());
    SourceCounts orders =
        OrdersSource.write(
            cfg, volumes.orders(), ordersRng, outDir.resolve("orders"), users.referenceable());

    DropManifest manifest =
        new DropManifest(
            cfg.seed(),
            cfg.scale(),
            Timestamps.date(cfg.windowStart()),
            cfg.days(),
            clickstream.counts(),
            orders,
            transactions,
            users.counts());
    Files.writeString(
        outDir.resolve(MANIFEST_FILE), JsonLines.pretty(manifest), StandardCharsets.UTF_8);
    return manifest;
  }

  private static void prepareEmptyDirectory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new NotDirectoryException(dir.toString());
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new FileAlreadyExistsException(
              dir.toString(), null, "output directory must be empty or not exist yet");
        }
      }
    }
    Files.createDirectories(dir);
  }
}
