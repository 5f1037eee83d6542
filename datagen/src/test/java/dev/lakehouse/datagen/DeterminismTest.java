package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static final GeneratorConfig SMALL = GeneratorConfig.defaults().withScale(0.2);
  private static Path root;

  @BeforeAll
  static void createRoot() {
    root = TestDirs.newDir("datagen-determinism-");
  }

  @AfterAll
  static void deleteRoot() {
    TestDirs.deleteRecursively(root);
  }

  @Test
  void sameConfigGivesByteIdenticalTrees() throws IOException {
    DropManifest first = SourceDropGenerator.generate(SMALL, root.resolve("a"));
    DropManifest second = SourceDropGenerator.generate(SMALL, root.resolve("b"));

    Map<String, byte[]> a = tree(root.resolve("a"));
    Map<String, byte[]> b = tree(root.resolve("b"));
    assertThat(a.keySet()).isEqualTo(b.keySet()).hasSizeGreaterThan(50);
    a.forEach((path, bytes) -> assertThat(b.get(path)).as(path).isEqualTo(bytes));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void differentSeedGivesDifferentData() throws IOException {
    SourceDropGenerator.generate(SMALL, root.resolve("seed42"));
    SourceDropGenerator.generate(SMALL.withSeed(43), root.resolve("seed43"));

    Map<String, byte[]> a = tree(root.resolve("seed42"));
    Map<String, byte[]> b = tree(root.resolve("seed43"));
    for (String file : new String[] {"users/users.csv", "clickstream/clickstream-20261101-12.jsonl",
        "orders/orders-20261102-12.jsonl"}) {
      assertThat(a).containsKey(file);
      assertThat(b).containsKey(file);
      assertThat(new String(b.get(file))).as(file).isNotEqualTo(new String(a.get(file)));
    }
  }

  @Test
  void refusesANonEmptyDirectory() throws IOException {
    Path dir = Files.createDirectories(root.resolve("occupied"));
    Files.writeString(dir.resolve("leftover.txt"), "x");
    assertThatThrownBy(() -> SourceDropGenerator.generate(SMALL, dir))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("empty");
    // Nothing was written next to the leftover.
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).hasSize(1);
    }
  }

  @Test
  void acceptsAnExistingEmptyDirectory() throws IOException {
    Path dir = Files.createDirectories(root.resolve("empty"));
    DropManifest m = SourceDropGenerator.generate(SMALL.withScale(0.01), dir);
    assertThat(m.users().records()).isGreaterThanOrEqualTo(20);
    assertThat(Files.exists(dir.resolve("manifest.json"))).isTrue();
  }

  /** Relative path -> content, for every regular file under {@code dir}. */
  private static Map<String, byte[]> tree(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
