package dev.lakehouse.local.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reference paths Step Functions allows: {@code $}, {@code $.a.b}, {@code $.a[1].b}, {@code $$.Execution.Name}. */
final class JsonPaths {
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d+)]");

  private JsonPaths() {}

  /** The node at {@code path}, or null when it does not exist. */
  static JsonNode read(String path, JsonNode input, JsonNode context) {
    JsonNode at;
    String rest;
    if (path.startsWith("$$")) {
      at = context;
      rest = path.substring(2);
    } else if (path.startsWith("$")) {
      at = input;
      rest = path.substring(1);
    } else {
      throw new IllegalArgumentException("not a path: " + path);
    }
    Matcher m = STEP.matcher(rest);
    int pos = 0;
    while (pos < rest.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("path " + path + " is not supported locally");
      }
      at = m.group(1) != null ? at.path(m.group(1)) : at.path(Integer.parseInt(m.group(2)));
      if (at.isMissingNode()) {
        return null;
      }
      pos = m.end();
    }
    return at;
  }
}
