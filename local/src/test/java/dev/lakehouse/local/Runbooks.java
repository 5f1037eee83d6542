package dev.lakehouse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringTokenizer;

/**
 * The command blocks of every runbook: fenced {@code ```bash local} (run on a local run's work
 * directory, verbatim) and {@code ```bash aws} (commands against a deployed environment).
 */
final class Runbooks {
  static final Path DIR = Path.of("..", "runbooks").toAbsolutePath().normalize();
  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\S*)([^\\n]*)\\n(.*?)^```\\s*$");

  /** One fenced block: its file, its info string ("bash local"), its commands (continuations joined). */
  record Block(Path file, String language, String kind, List<String> commands) {
    String where() {
      return DIR.relativize(file) + " (```" + language + (kind.isEmpty() ? "" : " " + kind) + ")";
    }
  }

  private Runbooks() {}

  static List<Block> blocks() throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (var files = Files.walk(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = FENCE.matcher(Files.readString(f));
        while (m.find()) {
          blocks.add(new Block(f, m.group(1), m.group(2).strip(), commands(m.group(3))));
        }
      }
    }
    return blocks;
  }

  /** The block's commands: comments and blank lines dropped, lines ending in a backslash joined to the next. */
  private static List<String> commands(String body) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : body.split("\n")) {
      String l = line.strip();
      if (current.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.endsWith("\\")) {
        current.append(l, 0, l.length() - 1).append(' ');
      } else {
        commands.add(current.append(l).toString().strip());
        current.setLength(0);
      }
    }
    return commands;
  }

  /** A {@code ./lakehouse ...} command's arguments, as a shell splits them (double quotes group). */
  static List<String> arguments(String command) {
    List<String> words = new ArrayList<>(new StringTokenizer(command, ' ', '"').getTokenList());
    if (words.isEmpty() || !words.get(0).equals("./lakehouse")) {
      throw new IllegalArgumentException("not a ./lakehouse command: " + command);
    }
    return words.subList(1, words.size());
  }
}
