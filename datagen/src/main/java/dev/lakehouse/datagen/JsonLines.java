package dev.lakehouse.datagen;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** One shared Jackson setup so every JSON byte in a drop is produced the same way. */
final class JsonLines {

  /**
   * Exact BigDecimals keep money at two decimals (12.50, not 12.5 or 1.25E+1); field order is
   * insertion order of the ObjectNode, so lines are stable.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonLines() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** One compact JSON line, without the trailing newline. */
  static String line(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pretty JSON with '\n' line ends on every OS (the default indenter uses the platform's). */
  static String pretty(Object value) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER
              .copy()
              .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
              .writer(printer)
              .writeValueAsString(value)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes a line that no JSON parser accepts, alternating two realistic shapes: a line cut off in
   * the middle (partial write) and a first field followed by garbage.
   */
  static String corrupt(String validLine, boolean truncate) {
    if (truncate) {
      // A strict prefix of a JSON object never closes the object, so it cannot parse.
      return validLine.substring(0, validLine.length() / 2);
    }
    int firstComma = validLine.indexOf(',');
    return validLine.substring(0, firstComma + 1) + " garbage";
  }
}
