package dev.lakehouse.local.platform;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.contract.time.TextTimestamps;
import dev.lakehouse.local.DropLander;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Plays the source systems with a drop: clickstream files (any name ending in {@code .jsonl}) are
 * delivered into the lake's landing layout through the S3 API (as Firehose does, under their
 * arrival hour: {@link ArrivalHour}), payment CSVs are put in the partner's SFTP outbox,
 * users rows are written to the PostgreSQL {@code users} table in waves of changes (a users CSV is
 * the table's history, and the table holds one row per user: each wave is extracted before the
 * next overwrites a user; {@link #writeUsersWave}; {@code updated_at} in any of the forms
 * {@link TextTimestamps} reads, stored as UTC), and order events are produced
 * to the Kafka topic. Each drop file is loaded once per work directory ({@code state/loaded.tsv},
 * by content hash), so loading the same drop again changes nothing. Rows the database cannot hold
 * (wrong column count, no key, no valid {@code updated_at}) are not dropped silently: they go to
 * {@code refused/users/} with the reason, and are counted.
 */
public final class SourceSystems {

  /** What one load did, per source; {@code skippedFiles} were loaded by an earlier run. */
  public record Loaded(int clickstreamFiles, int transactionFiles, long userRows, long refusedUserRows, long orderEvents,
      int skippedFiles, int clickstreamHoursFromMtime, int usersWaves) {}

  private final LocalPlatform platform;
  private final Path ledgerFile;
  private final Path refusedDir;
  private final Set<String> loaded = new LinkedHashSet<>();
  private final java.util.Map<Path, String> pending = new java.util.HashMap<>();
  private final List<UserRow> stagedUsers = new ArrayList<>();
  /** Users files of the last load: remembered as loaded once their last wave is in the database. */
  private final List<Path> usersFiles = new ArrayList<>();
  private List<List<UserRow>> usersWaves = List.of();
  private int skipped;

  public SourceSystems(LocalPlatform platform, Path workdir) throws IOException {
    this.platform = platform;
    this.ledgerFile = workdir.resolve("state/loaded.tsv");
    this.refusedDir = workdir.resolve("refused");
    Files.createDirectories(ledgerFile.getParent());
    if (Files.exists(ledgerFile)) {
      for (String line : Files.readAllLines(ledgerFile)) {
        if (!line.isBlank()) {
          loaded.add(line.substring(0, line.indexOf('\t')));
        }
      }
    }
    try (Connection c = DriverManager.getConnection(platform.jdbcUrl()); Statement s = c.createStatement()) {
      // the application's users table: text columns as the CSV carries them, a key, a change time
      s.execute("CREATE TABLE IF NOT EXISTS users (user_id text PRIMARY KEY, email text, signup_date text,"
          + " device_type text, country text, updated_at timestamp NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the users table in PostgreSQL: " + e.getMessage(), e);
    }
  }

  public Loaded load(Path drop) throws IOException {
    DropLander.validate(drop);
    skipped = 0;
    int clicks = 0;
    int hoursFromMtime = 0;
    for (Path f : toLoad(drop.resolve("clickstream"))) {
      ArrivalHour arrival = ArrivalHour.of(f);
      hoursFromMtime += arrival.fromName() ? 0 : 1;
      String key = arrival.keyPrefix(LakeLayout.landingPrefix(Source.CLICKSTREAM)) + versioned(f.getFileName().toString(), pending.get(f));
      platform.aws().s3().putObject(b -> b.bucket(LocalPlatform.LAKE_BUCKET).key(key), RequestBody.fromFile(f));
      remember(f);
      clicks++;
    }
    int txns = 0;
    for (Path f : toLoad(drop.resolve("transactions"))) {
      Path target = platform.sftpOutbox().resolve(f.getFileName());
      Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      // the partner finished writing it long ago: old enough for the extractor's settle time
      Files.setLastModifiedTime(target, FileTime.from(Instant.now().minusSeconds(3600)));
      remember(f);
      txns++;
    }
    long users = 0;
    long refused = 0;
    stagedUsers.clear();
    usersFiles.clear();
    for (Path f : toLoad(drop.resolve("users"))) {
      long[] counts = stageUsers(f);
      users += counts[0];
      refused += counts[1];
      usersFiles.add(f);
    }
    long orders = 0;
    for (Path f : toLoad(drop.resolve("orders"))) {
      List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
      lines.removeIf(String::isEmpty);
      platform.kafka().send(LakeLayout.ORDERS_TOPIC, lines.toArray(String[]::new));
      orders += lines.size();
      remember(f);
    }
    usersWaves = waves(stagedUsers);
    if (usersWaves.isEmpty()) {
      rememberUsersFiles();
    }
    return new Loaded(clicks, txns, users, refused, orders, skipped, hoursFromMtime, usersWaves.size());
  }

  /**
   * The object name: the file's name with the start of its content hash, as Firehose names carry
   * a unique suffix; a file re-delivered under the same name with other content is a new object.
   */
  static String versioned(String name, String contentHash) {
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return stem + "-" + contentHash.substring(0, 8) + (dot > 0 ? name.substring(dot) : "");
  }

  /**
   * Reads a users file: valid rows are staged for {@link #writeUsersWave}, the others are written
   * to {@code refused/users/} with their reason; returns {rows staged, rows refused}.
   */
  private long[] stageUsers(Path csv) throws IOException {
    long staged = 0;
    List<List<String>> refusedRows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      boolean header = true;
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setAllowMissingColumnNames(true).build().parse(in)) {
        if (header) {
          header = false;
          continue;
        }
        String reason = refusal(r);
        if (reason != null) {
          List<String> row = new ArrayList<>(r.toList());
          row.add(0, reason);
          refusedRows.add(row);
          continue;
        }
        stagedUsers.add(new UserRow(r.toList(), TextTimestamps.parseUtc(r.get(5)).orElseThrow()));
        staged++;
      }
    }
    if (!refusedRows.isEmpty()) {
      Files.createDirectories(refusedDir.resolve("users"));
      try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(refusedDir.resolve("users").resolve(csv.getFileName())),
          CSVFormat.DEFAULT)) {
        out.printRecord("refused_reason", "record");
        for (List<String> row : refusedRows) {
          out.printRecord(row);
        }
      }
    }
    return new long[] {staged, refusedRows.size()};
  }

  /** A users row as the CSV carries it, with its {@code updated_at} read as UTC. */
  record UserRow(List<String> values, java.time.LocalDateTime updatedAt) {}

  /**
   * The staged rows as waves of changes, in time order: a wave ends where a user it holds changes
   * again, so no row of a later wave is older than a row of an earlier one. An identical repeat of
   * a row is the same version (the database holds it once) and starts no wave.
   */
  static List<List<UserRow>> waves(List<UserRow> rows) {
    java.util.Map<List<Object>, UserRow> versions = new java.util.LinkedHashMap<>();
    for (UserRow r : rows) {
      // the same version, whatever form its updated_at was written in
      versions.putIfAbsent(List.of(r.values().subList(0, 5), r.updatedAt()), r);
    }
    List<UserRow> sorted = new ArrayList<>(versions.values());
    sorted.sort(java.util.Comparator.comparing(UserRow::updatedAt).thenComparing(r -> r.values().get(0)));
    List<List<UserRow>> waves = new ArrayList<>();
    Set<String> inWave = new java.util.HashSet<>();
    for (UserRow r : sorted) {
      if (waves.isEmpty() || !inWave.add(r.values().get(0))) {
        waves.add(new ArrayList<>());
        inWave.clear();
        inWave.add(r.values().get(0));
      }
      waves.get(waves.size() - 1).add(r);
    }
    return waves;
  }

  /** How many waves of users changes the last {@link #load} staged. */
  public int usersWaves() {
    return usersWaves.size();
  }

  /**
   * Upserts wave {@code i} of the last load into PostgreSQL (a row only replaces an older version
   * of its user); returns how many rows it wrote.
   */
  public long writeUsersWave(int i) {
    String upsert = "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email,"
        + " signup_date = EXCLUDED.signup_date, device_type = EXCLUDED.device_type, country = EXCLUDED.country,"
        + " updated_at = EXCLUDED.updated_at WHERE users.updated_at < EXCLUDED.updated_at";
    long written = 0;
    try (Connection c = DriverManager.getConnection(platform.jdbcUrl()); PreparedStatement ps = c.prepareStatement(upsert)) {
      c.setAutoCommit(false);
      for (UserRow r : usersWaves.get(i)) {
        for (int col = 0; col < 5; col++) {
          ps.setString(col + 1, r.values().get(col).isEmpty() ? null : r.values().get(col));
        }
        ps.setObject(6, r.updatedAt());
        ps.addBatch();
      }
      for (int n : ps.executeBatch()) {
        written += Math.max(n, 0);
      }
      c.commit();
      if (i == usersWaves.size() - 1) {
        rememberUsersFiles();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing users wave " + (i + 1) + " into PostgreSQL failed: " + e.getMessage(), e);
    }
    return written;
  }

  private static String refusal(CSVRecord r) {
    if (r.size() != LandingFormats.USERS_COLUMNS.size()) {
      return "wrong_column_count";
    }
    if (r.get(0).isBlank()) {
      return "missing_user_id";
    }
    return TextTimestamps.parseUtc(r.get(5)).isPresent() ? null : "invalid_updated_at";
  }

  /** The files of {@code dir} no earlier load took, sorted; the others are counted as skipped. */
  private List<Path> toLoad(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : files(dir)) {
      String h = hash(f);
      if (loaded.contains(h)) {
        skipped++;
      } else {
        pending.put(f, h);
        out.add(f);
      }
    }
    return out;
  }

  private void rememberUsersFiles() {
    try {
      for (Path f : usersFiles) {
        remember(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the loaded users files in " + ledgerFile, e);
    }
  }

  private void remember(Path f) throws IOException {
    String h = pending.remove(f);
    loaded.add(h);
    Files.writeString(ledgerFile, h + "\t" + f.getParent().getFileName() + "/" + f.getFileName() + "\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  private static String hash(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
      // the source folder is part of the identity: the same bytes could be two sources' files
      sha.update(f.getParent().getFileName().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
