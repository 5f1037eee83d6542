package dev.lakehouse.datagen;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** One shared Jackson setup so every JSON byte in a drop is produced the same way. */
final class JsonLines {

  /** Field order is the ObjectNode's insertion order, so lines are stable. */
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonLines() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A money value exactly as given, e.g. 12.50. (ObjectNode.put(BigDecimal) would strip it to
   * 12.5, or 100.00 to 1E+2.)
   */
  static JsonNode money(BigDecimal amount) {
    return DecimalNode.valueOf(amount);
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
   * the middle (partial write) and the first two fields followed by garbage. Two fields, not one,
   * so that corrupt lines of different events of one order (same order_id) still differ and are
   * not mistaken for duplicates.
   */
  static String corrupt(String validLine, boolean truncate) {
    if (truncate) {
      // A strict prefix of a JSON object never closes the object, so it cannot parse.
      return validLine.substring(0, validLine.length() / 2);
    }
    int secondComma = validLine.indexOf(',', validLine.indexOf(',') + 1);
    return validLine.substring(0, secondComma + 1) + " garbage";
  }
}
