package dev.lakehouse.jobs.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Puts a generated source drop where the real transports would: clickstream files into the
 * Firehose layout, payment CSVs into the SFTP extractor's layout, users rows as the RDS
 * extractor's NDJSON, and order events onto the Kafka topic.
 */
public final class DropLander {
  private static final Pattern HOURLY = Pattern.compile(".*-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})\\.jsonl");
  private static final Pattern TXN = Pattern.compile("transactions_(\\d{4})(\\d{2})(\\d{2})_(\\d{2})\\.csv");
  private static final String[] USER_COLUMNS = {"user_id", "email", "signup_date", "device_type", "country", "updated_at"};

  private DropLander() {}

  public static void land(Path drop, LakeFixture lake, EmbeddedKafka kafka) throws IOException {
    for (Path f : list(drop.resolve("clickstream"))) {
      Matcher m = HOURLY.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new IllegalArgumentException("Unexpected clickstream file " + f);
      }
      lake.land(Source.CLICKSTREAM,
          "year=" + m.group(1) + "/month=" + m.group(2) + "/day=" + m.group(3) + "/hour=" + m.group(4) + "/" + f.getFileName(),
          Files.readString(f));
    }
    for (Path f : list(drop.resolve("transactions"))) {
      Matcher m = TXN.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new IllegalArgumentException("Unexpected transactions file " + f);
      }
      lake.land(Source.TRANSACTIONS, "ingest_date=" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "/" + f.getFileName(), Files.readString(f));
    }
    ObjectMapper json = new ObjectMapper();
    for (Path f : list(drop.resolve("users"))) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder();
      for (String line : lines.subList(1, lines.size())) {
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
        if (records.size() != 1 || records.get(0).size() != USER_COLUMNS.length) {
          out.append(line).append('\n'); // a row the extractor could not map: lands as received
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < USER_COLUMNS.length; i++) {
          row.put(USER_COLUMNS[i], records.get(0).get(i));
        }
        out.append(json.writeValueAsString(row)).append('\n');
      }
      lake.land(Source.USERS, "table=users/" + f.getFileName().toString().replace(".csv", ".ndjson"), out.toString());
    }
    if (kafka != null) {
      for (Path f : list(drop.resolve("orders"))) {
        List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        lines.removeIf(String::isEmpty);
        kafka.send(LakeLayout.ORDERS_TOPIC, lines.toArray(String[]::new));
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
