package dev.lakehouse.lambdas.bench;

import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.LocalEndpoints;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.LedgerTable;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.lambdas.rds.RdsExtractor;
import dev.lakehouse.lambdas.rds.RdsRunReport;
import dev.lakehouse.lambdas.rds.SqlDialect;
import dev.lakehouse.lambdas.rds.WatermarkStore;
import dev.lakehouse.lambdas.sftp.CsvFileCheck;
import dev.lakehouse.lambdas.sftp.FileLedger;
import dev.lakehouse.lambdas.sftp.SftpConnection;
import dev.lakehouse.lambdas.sftp.SftpEndpoint;
import dev.lakehouse.lambdas.sftp.SftpExtractor;
import dev.lakehouse.lambdas.sftp.SftpRunReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * Throughput and heap of the two extractors against stand-ins running in another JVM (see
 * bench/extractors.sh). Prints one result line per measurement; run it with -Xmx256m.
 *
 * <pre>ExtractorBenchmark rds ROWS | sftp MEGABYTES   (endpoints as -Dbench.* properties)</pre>
 */
public final class ExtractorBenchmark {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    long size = Long.parseLong(args[1]);
    Map<String, String> env = LocalEndpoints.environment(
        System.getProperty("bench.s3"), System.getProperty("bench.dynamodb"), LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY);
    AwsClients aws = AwsClients.fromSettings(new Settings(env));
    String run = mode + "-" + size + "-" + System.currentTimeMillis();
    aws.s3().createBucket(b -> b.bucket(run));
    LedgerTable.createIfMissing(aws.dynamo(), run);
    HeapWatch heap = new HeapWatch();
    if (mode.equals("rds")) {
      rds(aws, run, size, heap);
    } else {
      sftp(aws, run, size, heap);
    }
    heap.stop();
  }

  private static void rds(AwsClients aws, String run, long rows, HeapWatch heap) throws Exception {
    String url = System.getProperty("bench.jdbc");
    String table = "bench_users_" + rows;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("CREATE TABLE " + table + " (user_id text PRIMARY KEY, email text, signup_date date, device_type text, country text, updated_at timestamp NOT NULL)");
      long t0 = System.nanoTime();
      load(c, table, rows);
      s.execute("CREATE INDEX ON " + table + " (updated_at, user_id)");
      s.execute("VACUUM ANALYZE " + table);
      System.out.printf("rds: loaded %,d rows into PostgreSQL in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }
    SqlDialect dialect = SqlDialect.forJdbcUrl(url);
    RdsExtractor.Options options =
        new RdsExtractor.Options(table, List.of("public", table), LandingFormats.USERS_COLUMNS, "updated_at", "user_id",
            120, 1_000_000, 10_000, run, null, 8 * 1024 * 1024);
    Properties props = dialect.connectionProperties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    System.gc();
    heap.reset();
    long t0 = System.nanoTime();
    RdsRunReport r;
    try (Connection db = DriverManager.getConnection(url, props)) {
      r = new RdsExtractor(dialect, aws.s3(), new WatermarkStore(aws.dynamo(), run), options, Clock.systemUTC())
          .run(db, () -> Long.MAX_VALUE, 0);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (r.rows != rows) {
      throw new IllegalStateException("extracted " + r.rows + " of " + rows + " rows");
    }
    System.out.printf(
        "RESULT rds rows=%d seconds=%.2f rows_per_s=%.0f objects=%d gzip_MB=%.1f peak_heap_MB=%.0f max_heap_MB=%d%n",
        r.rows, secs, r.rows / secs, r.objects, r.bytes / 1e6, heap.peakMb(), Runtime.getRuntime().maxMemory() >> 20);
  }

  /** COPY from a generated stream: no file, constant memory. Ten rows share each updated_at. */
  private static void load(Connection c, String table, long rows) throws Exception {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    Thread writer = new Thread(() -> {
      try (OutputStream o = new BufferedOutputStream(out, 1 << 16)) {
        long base = java.sql.Timestamp.valueOf("2026-01-01 00:00:00").getTime();
        String[] devices = {"mobile", "desktop", "tablet"};
        String[] countries = {"PE", "MX", "CL", "CO", "AR"};
        for (long i = 0; i < rows; i++) {
          String ts = new java.sql.Timestamp(base + i / 10).toString();
          String line = "U-" + i + ",user" + i + "@example.com,2025-0" + (1 + i % 9) + "-1" + (i % 10) + "," + devices[(int) (i % 3)]
              + "," + countries[(int) (i % 5)] + "," + ts + "\n";
          o.write(line.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT csv)", in);
    writer.join();
  }

  private static void sftp(AwsClients aws, String run, long megabytes, HeapWatch heap) throws Exception {
    Path root = Path.of(System.getProperty("bench.sftp.root"));
    Path outbox = Files.createDirectories(root.resolve("outbox-" + run));
    Path file = outbox.resolve("transactions_20260101_00.csv");
    long t0 = System.nanoTime();
    long bytes;
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      o.write((String.join(",", LandingFormats.TRANSACTIONS_CSV_HEADER) + "\n").getBytes(StandardCharsets.UTF_8));
      long n = 0;
      long written = 0;
      while (written < megabytes * 1_000_000) {
        byte[] line = ("TXN-" + n + ",S-" + n + ",U-" + (n % 100000) + "," + (n % 1000) + ".25,USD,2026-01-01 00:00:00,4111111111111111\n")
            .getBytes(StandardCharsets.UTF_8);
        o.write(line);
        written += line.length;
        n++;
      }
      bytes = written;
    }
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    System.out.printf("sftp: wrote a %.0f MB CSV in %.1f s%n", bytes / 1e6, (System.nanoTime() - t0) / 1e9);
    SftpEndpoint endpoint = SftpEndpoint.fromSecret(
        Map.of("host", "127.0.0.1", "port", System.getProperty("bench.sftp.port"), "username", "partner", "password", "partner-password"),
        System.getProperty("bench.sftp.fingerprint"));
    SftpExtractor.Options options = new SftpExtractor.Options("/" + outbox.getFileName(), "transactions_*.csv",
        SftpExtractor.AfterIngest.KEEP, "/processed", run, null, 900, 0, 10, 8 * 1024 * 1024, 3);
    System.gc();
    heap.reset();
    t0 = System.nanoTime();
    SftpRunReport r;
    try (SftpConnection c = SftpConnection.open(endpoint)) {
      r = new SftpExtractor(aws.s3(), new FileLedger(aws.dynamo(), run, "transactions", "bench"),
          new CsvFileCheck(LandingFormats.TRANSACTIONS_CSV_HEADER, LandingFormats.TRANSACTIONS_REQUIRED, 0.2), options,
          Clock.systemUTC()).run(c);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (r.landed != 1) {
      throw new IllegalStateException("file not landed: " + r + " " + r.errors);
    }
    System.out.printf("RESULT sftp bytes=%d seconds=%.2f MB_per_s=%.1f rows=%d peak_heap_MB=%.0f max_heap_MB=%d%n",
        r.bytes, secs, r.bytes / 1e6 / secs, r.rows, heap.peakMb(), Runtime.getRuntime().maxMemory() >> 20);
    Files.delete(file);
  }

  /** Samples used heap every 20 ms (after-GC pool peaks would hide garbage the run created). */
  private static final class HeapWatch {
    private final AtomicLong peak = new AtomicLong();
    private final Thread t;
    private volatile boolean running = true;

    HeapWatch() {
      t = new Thread(() -> {
        while (running) {
          long used = 0;
          for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
              used += p.getUsage().getUsed();
            }
          }
          peak.accumulateAndGet(used, Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    void reset() {
      peak.set(0);
    }

    double peakMb() {
      return peak.get() / 1048576.0;
    }

    void stop() {
      running = false;
    }
  }
}
