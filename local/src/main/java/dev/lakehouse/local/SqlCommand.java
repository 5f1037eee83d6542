package dev.lakehouse.local;

import dev.lakehouse.jobs.config.JobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./lakehouse sql "<query>" [--workdir DIR] [--format table|csv|json]}: Spark SQL on a local
 * run's Iceberg catalog (tables as {@code gold.top_products}, {@code silver.orders}, ...). Without
 * {@code --workdir}, the newest {@code work/run-*} directory.
 */
@Command(name = "sql", description = {"Spark SQL on a local run's Iceberg catalog.",
    "Tables as gold.top_products, silver.orders, ..."})
final class SqlCommand implements Callable<Integer> {
  /** How the result is printed; the constants are the option's values as typed. */
  enum Format { table, csv, json }

  private final PrintStream out;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "QUERY", description = "one query, in quotes: ./lakehouse sql \"SELECT ...\"")
  private String query;

  @Option(names = "--workdir", paramLabel = "DIR", description = "the run whose lakehouse to query (default: the newest work/run-*"
      + " with a lakehouse)")
  private Path workdir;

  @Option(names = "--format", paramLabel = "FORMAT", description = "how to print the result: ${COMPLETION-CANDIDATES}"
      + " (default: ${DEFAULT-VALUE})")
  private Format format = Format.table;

  SqlCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    if (query.isBlank()) {
      throw new ParameterException(spec.commandLine(), "QUERY must not be blank");
    }
    Path dir = workdir != null ? workdir : latestRun();
    Path warehouse = dir.resolve("lakehouse/warehouse");
    if (!Files.isDirectory(warehouse)) {
      throw new IllegalArgumentException(dir + " holds no local lakehouse (no lakehouse/warehouse/): run ./lakehouse local run first");
    }
    SparkSession spark = LocalSessions.of(dir.toAbsolutePath(), JobConfig.of(LocalLake.jobArgs(dir.toAbsolutePath())));
    Dataset<Row> result = spark.sql(query);
    switch (format) {
      case csv -> csv(result, out);
      case json -> result.toJSON().collectAsList().forEach(out::println);
      case table -> table(result, out);
    }
    return LakehouseCli.DONE;
  }

  /** The newest {@code work/run-*} with a lakehouse: what a command without {@code --workdir} acts on. */
  static Path latestRun() throws IOException {
    Path work = Path.of("work");
    if (!Files.isDirectory(work)) {
      throw new IllegalArgumentException("no work/ directory here: run ./lakehouse local run first, or pass --workdir");
    }
    try (Stream<Path> runs = Files.list(work)) {
      return runs.filter(p -> p.getFileName().toString().startsWith("run-") && Files.isDirectory(p.resolve("lakehouse")))
          .max(Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(() -> new IllegalArgumentException("no work/run-* with a lakehouse: run ./lakehouse local run first"));
    }
  }

  private static void table(Dataset<Row> result, PrintStream out) {
    String[] names = result.columns();
    List<String[]> rows = new ArrayList<>();
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Row r : result.collectAsList()) {
      String[] cells = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        cells[i] = r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i));
        width[i] = Math.max(width[i], cells[i].length());
      }
      rows.add(cells);
    }
    out.println(line(names, width));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(w));
    }
    out.println(rule);
    rows.forEach(r -> out.println(line(r, width)));
    out.printf(Locale.ROOT, "(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(i == 0 ? "" : " | ").append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]));
    }
    return b.toString().stripTrailing();
  }

  private static void csv(Dataset<Row> result, PrintStream out) throws IOException {
    CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT);
    printer.printRecord((Object[]) result.columns());
    for (Row r : result.collectAsList()) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
      }
      printer.printRecord(cells);
    }
    printer.flush();
  }
}
