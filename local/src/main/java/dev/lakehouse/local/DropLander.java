package dev.lakehouse.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.layout.LandingFormats;
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
 * Checks a drop's layout; and, for tests of the jobs alone, puts a drop straight where the
 * transports deliver on AWS: clickstream files into the Firehose layout, payment CSVs into the SFTP
 * extractor's layout, users rows as the RDS extractor's NDJSON, order events onto the Kafka topic.
 * {@code local run} goes through the source systems and the extractors instead
 * ({@link dev.lakehouse.local.platform.SourceSystems}).
 */
public final class DropLander {
  private static final Pattern HOURLY = Pattern.compile(".*-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})\\.jsonl");
  private static final Pattern TXN = Pattern.compile("transactions_(?:d\\d+_)?(\\d{4})(\\d{2})(\\d{2})_(\\d{2})\\.csv");
  private static final List<String> USER_COLUMNS = LandingFormats.USERS_COLUMNS;

  /** What was landed, per source: files and records (order events: messages). */
  public record Landed(int clickstreamFiles, int transactionFiles, int userFiles, long orderMessages) {}

  private DropLander() {}

  /** Checks the drop has the four source folders; a clear error names what is missing. */
  public static void validate(Path drop) {
    if (!Files.isDirectory(drop)) {
      throw new IllegalArgumentException("Input drop " + drop + " is not a directory");
    }
    for (String dir : List.of("clickstream", "orders", "transactions", "users")) {
      Path p = drop.resolve(dir);
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException("Input drop " + drop + " has no " + dir + "/ folder");
      }
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("Input folder " + p + " is not readable");
      }
    }
  }

  /** The Firehose landing key of an hourly clickstream file ({@code clickstream-[tag-]YYYYMMDD-HH.jsonl}). */
  public static String clickstreamKey(Path f) {
    Matcher m = HOURLY.matcher(f.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("Unexpected clickstream file name " + f + " (want clickstream-[tag-]YYYYMMDD-HH.jsonl)");
    }
    return LakeLayout.landingPrefix(Source.CLICKSTREAM)
        + "year=" + m.group(1) + "/month=" + m.group(2) + "/day=" + m.group(3) + "/hour=" + m.group(4) + "/" + f.getFileName();
  }

  public static Landed land(Path drop, Path lakeDir, EmbeddedKafka kafka) throws IOException {
    return land(drop, lakeDir, kafka, LakeLayout.ORDERS_TOPIC);
  }

  /** As above, producing the order events to {@code ordersTopic}. */
  public static Landed land(Path drop, Path lakeDir, EmbeddedKafka kafka, String ordersTopic) throws IOException {
    Landed files = landFiles(drop, lakeDir);
    long messages = 0;
    for (Path f : list(drop.resolve("orders"))) {
      List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
      lines.removeIf(String::isEmpty);
      kafka.send(ordersTopic, lines.toArray(String[]::new));
      messages += lines.size();
    }
    return new Landed(files.clickstreamFiles(), files.transactionFiles(), files.userFiles(), messages);
  }

  /** The three file-borne sources only, into {@code lakeDir}'s landing layout (order events travel by Kafka). */
  public static Landed landFiles(Path drop, Path lakeDir) throws IOException {
    validate(drop);
    List<Path> clicks = list(drop.resolve("clickstream"));
    for (Path f : clicks) {
      copy(f, lakeDir.resolve(clickstreamKey(f)));
    }
    List<Path> txns = list(drop.resolve("transactions"));
    for (Path f : txns) {
      Matcher m = TXN.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new IllegalArgumentException("Unexpected transactions file name " + f + " (want transactions_YYYYMMDD_HH.csv)");
      }
      copy(f, lakeDir.resolve(LakeLayout.landingPrefix(Source.TRANSACTIONS)
          + "ingest_date=" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "/" + f.getFileName()));
    }
    ObjectMapper json = new ObjectMapper();
    List<Path> users = list(drop.resolve("users"));
    for (Path f : users) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder();
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
        if (records.size() != 1 || records.get(0).size() != USER_COLUMNS.size()) {
          out.append(line).append('\n'); // a row that does not map to the table lands as received
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < USER_COLUMNS.size(); i++) {
          row.put(USER_COLUMNS.get(i), records.get(0).get(i));
        }
        out.append(json.writeValueAsString(row)).append('\n');
      }
      write(lakeDir.resolve(LakeLayout.landingPrefix(Source.USERS) + "table=users/"
          + f.getFileName().toString().replace(".csv", ".ndjson")), out.toString());
    }
    return new Landed(clicks.size(), txns.size(), users.size(), 0);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void write(Path to, String content) throws IOException {
    Files.createDirectories(to.getParent());
    Files.writeString(to, content, StandardCharsets.UTF_8);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
