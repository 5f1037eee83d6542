package dev.lakehouse.local.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** A {@code .$} value: a path, or the {@code States.Format} / {@code States.JsonToString} intrinsics (nested). */
final class Intrinsics {
  private Intrinsics() {}

  static JsonNode evaluate(String expression, JsonNode input, JsonNode context) {
    return new Parser(expression.trim(), input, context).value();
  }

  private static final class Parser {
    private final String s;
    private final JsonNode input;
    private final JsonNode context;
    private int pos;

    Parser(String s, JsonNode input, JsonNode context) {
      this.s = s;
      this.input = input;
      this.context = context;
    }

    JsonNode value() {
      skipSpaces();
      if (s.startsWith("States.", pos)) {
        int open = s.indexOf('(', pos);
        String fn = s.substring(pos, open);
        pos = open + 1;
        List<JsonNode> args = new ArrayList<>();
        skipSpaces();
        while (s.charAt(pos) != ')') {
          args.add(value());
          skipSpaces();
          if (s.charAt(pos) == ',') {
            pos++;
          }
          skipSpaces();
        }
        pos++;
        return call(fn, args);
      }
      if (s.charAt(pos) == '\'') {
        StringBuilder text = new StringBuilder();
        pos++;
        while (s.charAt(pos) != '\'') {
          if (s.charAt(pos) == '\\') {
            pos++;
          }
          text.append(s.charAt(pos++));
        }
        pos++;
        return JsonNodeFactory.instance.textNode(text.toString());
      }
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')' && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      JsonNode v = JsonPaths.read(s.substring(start, pos), input, context);
      return v == null ? JsonNodeFactory.instance.nullNode() : v;
    }

    private JsonNode call(String fn, List<JsonNode> args) {
      switch (fn) {
        case "States.Format": {
          String template = args.get(0).asText();
          StringBuilder out = new StringBuilder();
          int arg = 1;
          for (int i = 0; i < template.length(); i++) {
            if (template.startsWith("{}", i)) {
              JsonNode a = args.get(arg++);
              out.append(a.isTextual() ? a.asText() : a.toString());
              i++;
            } else {
              out.append(template.charAt(i));
            }
          }
          return JsonNodeFactory.instance.textNode(out.toString());
        }
        case "States.Array": {
          com.fasterxml.jackson.databind.node.ArrayNode array = JsonNodeFactory.instance.arrayNode();
          args.forEach(array::add);
          return array;
        }
        case "States.JsonToString":
          return JsonNodeFactory.instance.textNode(args.get(0).toString());
        default:
          throw new IllegalArgumentException("intrinsic " + fn + " is not supported locally");
      }
    }

    private void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }
  }
}
