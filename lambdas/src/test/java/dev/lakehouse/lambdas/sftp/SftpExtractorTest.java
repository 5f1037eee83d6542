package dev.lakehouse.lambdas.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.embedded.EmbeddedSftp;
import dev.lakehouse.embedded.LocalContext;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.lambdas.support.LocalAws;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpExtractorTest {
  private static final String HEADER = String.join(",", LandingFormats.TRANSACTIONS_CSV_HEADER);
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
  private static final int MAX_ATTEMPTS = 3;
  private static LocalAws aws;

  @TempDir Path tmp;
  private EmbeddedSftp sftp;
  private Path outbox;

  @BeforeAll
  static void startAws() {
    aws = new LocalAws();
  }

  @AfterAll
  static void stopAws() {
    aws.close();
  }

  @BeforeEach
  void startSftp() throws IOException {
    aws.freshEnvironment();
    sftp = new EmbeddedSftp(tmp.resolve("root"), tmp.resolve("host.key"), "partner", "s3cret", null);
    outbox = Files.createDirectories(sftp.root().resolve("outbox"));
  }

  @AfterEach
  void stopSftp() {
    sftp.close();
  }

  @Test
  void firstRunLandsEveryFileByteForByteAndTheNextRunOnlyTheNewOne() throws IOException {
    byte[] a = csv(row("TXN-1", "12.50"), row("TXN-2", "3.00")).getBytes(StandardCharsets.UTF_8);
    byte[] b = csv(row("TXN-3", "7.25")).getBytes(StandardCharsets.UTF_8);
    Files.write(outbox.resolve("transactions_20260310_10.csv"), a);
    Files.write(outbox.resolve("transactions_20260310_11.csv"), b);
    Files.writeString(outbox.resolve("readme.txt"), "not a data file");

    SftpRunReport first = run("run-1", NOW);

    assertThat(first.landed).isEqualTo(2);
    assertThat(first.rows).isEqualTo(3);
    assertThat(first.listed).isEqualTo(2); // readme.txt does not match the glob
    String keyA = LakeLayout.transactionsFileKey(TODAY, "transactions_20260310_10.csv");
    assertThat(keyA).isEqualTo("landing/transactions/ingest_date=2026-03-10/transactions_20260310_10.csv");
    assertThat(aws.bytes(keyA)).isEqualTo(a);
    assertThat(aws.bytes(LakeLayout.transactionsFileKey(TODAY, "transactions_20260310_11.csv"))).isEqualTo(b);
    var item = ledger("run-1").item("/outbox/transactions_20260310_10.csv");
    assertThat(item.get("status").s()).isEqualTo("DONE");
    assertThat(item.get("row_count").n()).isEqualTo("2");

    Files.write(outbox.resolve("transactions_20260310_12.csv"), b);
    SftpRunReport second = run("run-2", NOW.plusSeconds(3600));

    assertThat(second.alreadyDone).isEqualTo(2);
    assertThat(second.landed).isEqualTo(1);
    // the third file landed on the day of its own run; nothing else was written again
    assertThat(aws.keys("landing/")).hasSize(3);
    SftpRunReport third = run("run-3", NOW.plusSeconds(7200));
    assertThat(third.landed).isZero();
    assertThat(third.alreadyDone).isEqualTo(3);
  }

  @Test
  void eachMalformedFileIsJudgedOnItsOwnAndRefusedFilesGoWholeToQuarantine() throws IOException {
    // lands: quoted newline and comma inside a field, CRLF line ends, a BOM (stripped), a few bad rows
    String quoted = HEADER + "\n" + "TXN-1,S-1,U-1,10.00,USD,2026-03-10 10:00:00,\"4111 1111\n1111 1111\"\n"
        + "TXN-2,S-2,\"U-2,x\",11.00,USD,2026-03-10 10:00:01,4111111111111111\n";
    String crlf = (HEADER + "\n" + row("TXN-3", "1.00") + "\n" + row("TXN-4", "2.00") + "\n").replace("\n", "\r\n");
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv(row("TXN-5", "5.00")).getBytes(StandardCharsets.UTF_8));
    StringBuilder someBad = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 18; i++) {
      someBad.append(row("TXN-B" + i, "1.00")).append('\n');
    }
    someBad.append("TXN-X,S,U,1.00,USD,2026-03-10 10:00:00\n"); // a dropped column
    someBad.append(",S,U,1.00,USD,2026-03-10 10:00:00,4111111111111111\n"); // empty transaction_id
    write("transactions_a_quoted.csv", quoted.getBytes(StandardCharsets.UTF_8));
    write("transactions_b_crlf.csv", crlf.getBytes(StandardCharsets.UTF_8));
    write("transactions_c_bom.csv", bom);
    write("transactions_d_somebad.csv", someBad.toString().getBytes(StandardCharsets.UTF_8));
    // refused
    byte[] semicolon = (HEADER.replace(',', ';') + "\n" + row("TXN-9", "1.00").replace(',', ';') + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] extraColumns = csv(row("TXN-10", "1.00") + ",extra", row("TXN-11", "1.00") + ",extra").getBytes(StandardCharsets.UTF_8);
    byte[] badUtf8 = concat(csv(row("TXN-12", "1.00")).getBytes(StandardCharsets.UTF_8), new byte[] {'T', (byte) 0xC3, (byte) 0x28, '\n'});
    byte[] unterminated = (HEADER + "\n" + "TXN-13,S,U,\"1.00,USD,2026-03-10 10:00:00,4111\n").getBytes(StandardCharsets.UTF_8);
    byte[] empty = new byte[0];
    write("transactions_e_semicolon.csv", semicolon);
    write("transactions_f_extra.csv", extraColumns);
    write("transactions_g_badutf8.csv", badUtf8);
    write("transactions_h_unterminated.csv", unterminated);
    write("transactions_i_empty.csv", empty);

    SftpRunReport r = run("run-1", NOW);

    assertThat(r.landed).isEqualTo(4);
    assertThat(r.quarantined).isEqualTo(5);
    assertThat(r.failed).isZero();
    assertThat(r.rows).isEqualTo(2 + 2 + 1 + 20);
    assertThat(r.invalidRows).isEqualTo(2);
    assertThat(aws.bytes(landed("transactions_a_quoted.csv"))).isEqualTo(quoted.getBytes(StandardCharsets.UTF_8));
    assertThat(aws.bytes(landed("transactions_b_crlf.csv"))).isEqualTo(crlf.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(aws.bytes(landed("transactions_c_bom.csv")), StandardCharsets.UTF_8)).startsWith("transaction_id,");
    assertThat(aws.bytes(landed("transactions_c_bom.csv"))).hasSize(bom.length - 3);

    assertQuarantined("transactions_e_semicolon.csv", semicolon, "HEADER_MISMATCH");
    assertQuarantined("transactions_f_extra.csv", extraColumns, "TOO_MANY_INVALID_ROWS");
    assertQuarantined("transactions_g_badutf8.csv", badUtf8, "INVALID_UTF8");
    assertQuarantined("transactions_h_unterminated.csv", unterminated, "MALFORMED_CSV");
    assertQuarantined("transactions_i_empty.csv", empty, "EMPTY_FILE");
    assertThat(ledger("x").item("/outbox/transactions_e_semicolon.csv").get("reason_detail").s())
        .contains("looks like a different delimiter");
    assertThat(aws.keys("landing/")).hasSize(4);
  }

  @Test
  void aConnectionDropMidFileLeavesNoObjectAndTheNextRunLandsTheFile() throws IOException {
    // 12 MiB: with 5 MiB parts the first part is already uploaded when the connection drops
    Path big = outbox.resolve("transactions_20260310_10.csv");
    long rows = writeLargeCsv(big, 12L * 1024 * 1024);
    sftp.dropConnectionAfter("/outbox/transactions_20260310_10.csv", 7L * 1024 * 1024);

    SftpRunReport failed = run("run-1", NOW);

    assertThat(sftp.drops()).isEqualTo(1);
    assertThat(failed.failed).isEqualTo(1);
    assertThat(failed.landed).isZero();
    String key = landed("transactions_20260310_10.csv");
    assertThat(aws.exists(key)).isFalse();
    assertThat(aws.clients.s3().listMultipartUploads(b -> b.bucket(aws.bucket)).uploads()).isEmpty();
    var item = ledger("x").item("/outbox/transactions_20260310_10.csv");
    assertThat(item.get("status").s()).isEqualTo("CLAIMED");
    assertThat(item.get("lease_until").n()).isEqualTo("0");
    assertThat(item.get("last_error").s()).isNotBlank();

    SftpRunReport retry = run("run-2", NOW.plusSeconds(60));

    assertThat(retry.landed).isEqualTo(1);
    assertThat(retry.rows).isEqualTo(rows);
    assertThat(aws.bytes(key)).isEqualTo(Files.readAllBytes(big));
    assertThat(ledger("x").item("/outbox/transactions_20260310_10.csv").get("attempts").n()).isEqualTo("2");
  }

  @Test
  void aFileReDeliveredUnderTheSameNameWithNewContentLandsAgainAsItsOwnObject() throws IOException {
    byte[] first = csv(row("TXN-1", "12.50")).getBytes(StandardCharsets.UTF_8);
    write("transactions_20260310_10.csv", first);
    run("run-1", NOW);

    // the partner sends the file again, corrected and with one more row, under the same name
    byte[] second = csv(row("TXN-1", "13.50"), row("TXN-2", "1.00")).getBytes(StandardCharsets.UTF_8);
    write("transactions_20260310_10.csv", second);
    SftpRunReport again = run("run-2", NOW.plusSeconds(7200));

    assertThat(again.landed).isEqualTo(1);
    assertThat(again.redelivered).isEqualTo(1);
    assertThat(again.rows).isEqualTo(2);
    // the first version's object is untouched; the new one is an object of its own, which bronze reads as new
    assertThat(aws.bytes(landed("transactions_20260310_10.csv"))).isEqualTo(first);
    assertThat(again.landedKeys).hasSize(1);
    String newKey = again.landedKeys.get(0);
    assertThat(newKey).startsWith("landing/transactions/ingest_date=2026-03-10/transactions_20260310_10.v").endsWith(".csv");
    assertThat(aws.bytes(newKey)).isEqualTo(second);
    var item = ledger("x").item("/outbox/transactions_20260310_10.csv");
    assertThat(item.get("status").s()).isEqualTo("DONE");
    assertThat(item.get("versions").n()).isEqualTo("2");
    assertThat(item.get("target_key").s()).isEqualTo(newKey);
    // and then it is done: the same version is not landed a third time
    SftpRunReport third = run("run-3", NOW.plusSeconds(10800));
    assertThat(third.landed).isZero();
    assertThat(third.alreadyDone).isEqualTo(1);
  }

  /** A file without its header row is refused by its shape: no value of its first line (card numbers) reaches the ledger or the metadata. */
  @Test
  void aHeaderlessFileOfCardNumbersIsRefusedWithoutQuotingIt() throws IOException {
    byte[] headerless = (row("TXN-1", "12.50") + "\n" + row("TXN-2", "1.00") + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] unterminated = (HEADER + "\n" + "TXN-3,S,U,1.00,USD,2026-03-10 10:00:00,\"4111111111111111\n").getBytes(StandardCharsets.UTF_8);
    write("transactions_headerless.csv", headerless);
    write("transactions_unterminated.csv", unterminated);
    run("run-1", NOW);

    assertQuarantined("transactions_headerless.csv", headerless, "HEADER_MISMATCH");
    assertQuarantined("transactions_unterminated.csv", unterminated, "MALFORMED_CSV");
    var item = ledger("x").item("/outbox/transactions_headerless.csv");
    assertThat(item.get("reason_detail").s()).isEqualTo("expected the header " + HEADER + " (7 columns) but the first line has 7 columns,"
        + " 0 of them header names");
    for (String name : List.of("transactions_headerless.csv", "transactions_unterminated.csv")) {
      assertThat(ledger("x").item("/outbox/" + name).toString()).as(name).doesNotContain("4111111111111111").doesNotContain("TXN-");
      assertThat(aws.object(LakeLayout.transactionsQuarantineKey(TODAY, name)).response().metadata().toString()).as(name)
          .doesNotContain("4111111111111111").doesNotContain("TXN-");
    }
  }

  /** A re-sent file whose size and modification time are the old ones, but not its bytes, lands again: the ledger knows its hash. */
  @Test
  void aFileReSentWithTheSameSizeAndTimeButOtherBytesLandsAgain() throws Exception {
    byte[] first = csv(row("TXN-1", "12.50")).getBytes(StandardCharsets.UTF_8);
    write("transactions_20260310_10.csv", first);
    Path file = outbox.resolve("transactions_20260310_10.csv");
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    run("run-1", NOW);
    assertThat(ledger("x").item("/outbox/transactions_20260310_10.csv").get("content_sha256").s())
        .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(first)));

    byte[] second = csv(row("TXN-1", "13.50")).getBytes(StandardCharsets.UTF_8);
    assertThat(second).hasSameSizeAs(first);
    write("transactions_20260310_10.csv", second);
    Files.setLastModifiedTime(file, mtime);
    SftpRunReport again = run("run-2", NOW.plusSeconds(7200));

    assertThat(again.redelivered).isEqualTo(1);
    assertThat(again.landed).isEqualTo(1);
    assertThat(aws.bytes(again.landedKeys.get(0))).isEqualTo(second);
    assertThat(aws.bytes(landed("transactions_20260310_10.csv"))).as("the first version stays as it landed").isEqualTo(first);
    // the same bytes again are the same file
    SftpRunReport third = run("run-3", NOW.plusSeconds(10800));
    assertThat(third.landed).isZero();
    assertThat(third.alreadyDone).isEqualTo(1);
  }

  @Test
  void aFileThatKeepsFailingIsCountedEveryTimeAndQuarantinedAfterItsLastAttempt() throws IOException {
    Path big = outbox.resolve("transactions_20260310_10.csv");
    writeLargeCsv(big, 256 * 1024);
    byte[] original = Files.readAllBytes(big);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      sftp.dropConnectionAfter("/outbox/transactions_20260310_10.csv", 64 * 1024);
      SftpRunReport r = run("run-" + attempt, NOW.plusSeconds(60L * attempt));
      assertThat(r.failed).as("attempt " + attempt).isEqualTo(1);
      assertThat(r.landed).isZero();
      assertThat(r.quarantined).as("attempt " + attempt).isEqualTo(attempt < MAX_ATTEMPTS ? 0 : 1);
    }
    assertThat(sftp.drops()).isEqualTo(MAX_ATTEMPTS);
    var item = ledger("x").item("/outbox/transactions_20260310_10.csv");
    assertThat(item.get("status").s()).isEqualTo("QUARANTINED");
    assertThat(item.get("reason").s()).isEqualTo("LANDING_FAILED");
    assertThat(item.get("attempts").n()).isEqualTo(String.valueOf(MAX_ATTEMPTS));
    assertThat(item.get("reason_detail").s()).isNotBlank();
    assertThat(aws.exists(landed("transactions_20260310_10.csv"))).isFalse();
    // the raw copy is best effort: here the dropped connection cannot serve it, the file stays on the server
    assertThat(item.containsKey("quarantine_key")).isFalse();
    assertThat(Files.readAllBytes(big)).isEqualTo(original);
    // no silent retries after that: the file waits for someone (runbook), counted as done
    SftpRunReport after = run("run-after", NOW.plusSeconds(3600));
    assertThat(after.failed).isZero();
    assertThat(after.alreadyDone).isEqualTo(1);
  }

  @Test
  void aStreamThatEndsShortIsATransportFailureNotMalformedCsv() throws IOException {
    // the last row's quoted field spans a line: cut inside it, the rest would read as an unterminated quote
    String content = csv(row("TXN-1", "1.00"), "TXN-2,S-2,U-2,2.00,USD,2026-03-10 10:00:00,\"4111 1111\n1111 1111\"");
    write("transactions_20260310_10.csv", content.getBytes(StandardCharsets.UTF_8));
    sftp.truncateWhenOpened("/outbox/transactions_20260310_10.csv", content.indexOf("4111 1111\n") + 4);

    SftpRunReport r = run("run-1", NOW);

    assertThat(r.failed).isEqualTo(1);
    assertThat(r.quarantined).isZero();
    assertThat(r.errors).singleElement().asString().contains("stream ended early");
    assertThat(aws.exists(LakeLayout.transactionsQuarantineKey(TODAY, "transactions_20260310_10.csv"))).isFalse();
    assertThat(ledger("x").item("/outbox/transactions_20260310_10.csv").get("status").s()).isEqualTo("CLAIMED");
  }

  @Test
  void anUnknownHostKeyIsRefusedBeforeLoggingIn() throws IOException {
    write("transactions_20260310_10.csv", csv(row("TXN-1", "1.00")).getBytes(StandardCharsets.UTF_8));
    String pinned = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    SftpEndpoint endpoint =
        SftpEndpoint.fromSecret(Map.of("host", "127.0.0.1", "port", "" + sftp.port(), "username", "partner", "password", "s3cret"), pinned);

    assertThatThrownBy(() -> SftpConnection.open(endpoint))
        .isInstanceOf(SftpConnection.UnknownHostKeyException.class)
        .hasMessageContaining(sftp.hostKeyFingerprint())
        .hasMessageContaining(pinned)
        .hasMessageContaining("refusing to connect");
    assertThat(aws.keys("")).isEmpty();
  }

  @Test
  void concurrentRunsLandEveryFileExactlyOnce() throws Exception {
    for (int i = 0; i < 6; i++) {
      write("transactions_20260310_1" + i + ".csv", csv(row("TXN-" + i, "1.00")).getBytes(StandardCharsets.UTF_8));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SftpRunReport>> runs = new ArrayList<>();
      for (String owner : List.of("run-a", "run-b")) {
        Callable<SftpRunReport> c = () -> run(owner, NOW);
        runs.add(pool.submit(c));
      }
      int landed = 0;
      for (Future<SftpRunReport> f : runs) {
        SftpRunReport r = f.get();
        assertThat(r.failed).isZero();
        landed += r.landed;
      }
      assertThat(landed).isEqualTo(6);
    } finally {
      pool.shutdown();
    }
    assertThat(aws.keys("landing/")).hasSize(6);
  }

  @Test
  void aCrashedClaimIsTakenOverOnlyAfterItsLeaseEnds() throws IOException {
    write("transactions_20260310_10.csv", csv(row("TXN-1", "1.00")).getBytes(StandardCharsets.UTF_8));
    // an invocation claimed the file, then its container died
    ledger("crashed").claim("/outbox/transactions_20260310_10.csv", 1, 0, "landing/x", NOW, 900);

    SftpRunReport during = run("run-2", NOW.plusSeconds(60));
    assertThat(during.landed).isZero();
    assertThat(during.skippedBusyOrYoung).isEqualTo(1);

    SftpRunReport after = run("run-3", NOW.plusSeconds(901));
    assertThat(after.landed).isEqualTo(1);
    // the key chosen at the first claim is kept
    assertThat(after.landedKeys).containsExactly("landing/x");
  }

  @Test
  void theHandlerReadsItsSecretLogsInAndMovesProcessedFiles() throws IOException {
    write("transactions_20260310_10.csv", csv(row("TXN-1", "1.00")).getBytes(StandardCharsets.UTF_8));
    Path secret = tmp.resolve("sftp-secret.json");
    Files.writeString(secret, "{\"host\":\"127.0.0.1\",\"port\":\"" + sftp.port() + "\",\"username\":\"partner\",\"password\":\"s3cret\"}");
    Map<String, String> env = new java.util.HashMap<>(aws.baseEnv());
    env.put(ExtractorSettings.LAKE_BUCKET, aws.bucket);
    env.put(ExtractorSettings.LEDGER_TABLE, aws.table);
    env.put(ExtractorSettings.SFTP_SECRET, "file:" + secret);
    env.put(ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT, sftp.hostKeyFingerprint());
    env.put(ExtractorSettings.SFTP_MIN_FILE_AGE_SECONDS, "0");
    env.put(ExtractorSettings.SFTP_AFTER_INGEST, "move");
    env.put("AWS_EMF_ENVIRONMENT", "Local");

    backdateOutbox(Instant.now());
    SftpRunReport r =
        new SftpExtractorHandler(new Settings(env), aws.clients, Clock.systemUTC())
            .handleRequest(null, new LocalContext("sftp-extractor", 60_000));

    assertThat(r.landed).isEqualTo(1);
    assertThat(outbox.resolve("transactions_20260310_10.csv")).doesNotExist();
    assertThat(outbox.resolve("processed/transactions_20260310_10.csv")).exists();

    // a file that fails to land fails the invocation (its Errors alarm sees it), counted in FilesFailed
    write("transactions_20260310_11.csv", csv(row("TXN-2", "2.00")).getBytes(StandardCharsets.UTF_8));
    write("transactions_20260310_12.csv", csv(row("TXN-3", "3.00")).getBytes(StandardCharsets.UTF_8));
    sftp.truncateWhenOpened("/outbox/transactions_20260310_12.csv", 10);
    backdateOutbox(Instant.now());
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.out;
    System.setOut(new java.io.PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> new SftpExtractorHandler(new Settings(env), aws.clients, Clock.systemUTC())
              .handleRequest(null, new LocalContext("sftp-extractor", 60_000)))
          .isInstanceOf(SftpExtractorHandler.FilesFailedException.class)
          .hasMessageStartingWith("1 of 2 SFTP files failed to land (1 landed): /outbox/transactions_20260310_12.csv: read 10 bytes");
    } finally {
      System.setOut(was);
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8)).containsPattern("\"FilesFailed\":\\s*1(\\.0)?[,}]");
    assertThat(outbox.resolve("processed/transactions_20260310_11.csv")).exists();
  }

  @Test
  void aMissingSettingIsNamed() {
    Map<String, String> env = new java.util.HashMap<>(aws.baseEnv());
    env.put(ExtractorSettings.LEDGER_TABLE, "t");
    SftpExtractorHandler handler = new SftpExtractorHandler(new Settings(env), aws.clients, Clock.systemUTC());
    assertThatThrownBy(() -> handler.handleRequest(null, new LocalContext("sftp-extractor", 60_000)))
        .isInstanceOf(Settings.ConfigurationException.class)
        .hasMessage("LAKE_BUCKET is required but not set");
  }

  // ---------------------------------------------------------------------------------------------

  private SftpRunReport run(String owner, Instant now) throws IOException {
    backdateOutbox(now);
    SftpExtractor.Options options =
        new SftpExtractor.Options("/outbox", "transactions_*.csv", SftpExtractor.AfterIngest.KEEP, "/outbox/processed",
            aws.bucket, null, 900, 0, 100, 5 * 1024 * 1024, MAX_ATTEMPTS);
    CsvFileCheck check = new CsvFileCheck(LandingFormats.TRANSACTIONS_CSV_HEADER, LandingFormats.TRANSACTIONS_REQUIRED, 0.2);
    SftpEndpoint endpoint =
        SftpEndpoint.fromSecret(
            Map.of("host", "127.0.0.1", "port", "" + sftp.port(), "username", "partner", "password", "s3cret"),
            sftp.hostKeyFingerprint());
    try (SftpConnection c = SftpConnection.open(endpoint)) {
      return new SftpExtractor(aws.clients.s3(), ledger(owner), check, options, Clock.fixed(now, ZoneOffset.UTC)).run(c);
    }
  }

  /**
   * The partner wrote these files at least an hour before the run (the tests' clock is fixed);
   * a file already that old keeps its time, as an unchanged file on a real server does.
   */
  private void backdateOutbox(Instant now) throws IOException {
    java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.from(now.minusSeconds(3600));
    try (var files = Files.list(outbox)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (Files.getLastModifiedTime(p).compareTo(hourAgo) > 0) {
          Files.setLastModifiedTime(p, hourAgo);
        }
      }
    }
  }

  private FileLedger ledger(String owner) {
    return new FileLedger(aws.clients.dynamo(), aws.table, "transactions", owner);
  }

  private void assertQuarantined(String name, byte[] original, String reason) {
    String key = LakeLayout.transactionsQuarantineKey(TODAY, name);
    var obj = aws.object(key);
    assertThat(obj.asByteArray()).as(name).isEqualTo(original);
    assertThat(obj.response().metadata()).containsEntry("reject-reason", reason);
    var item = ledger("x").item("/outbox/" + name);
    assertThat(item.get("status").s()).isEqualTo("QUARANTINED");
    assertThat(item.get("reason").s()).isEqualTo(reason);
    assertThat(aws.exists(landed(name))).as(name + " must not land").isFalse();
  }

  private static String landed(String name) {
    return LakeLayout.transactionsFileKey(TODAY, name);
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(outbox.resolve(name), content);
  }

  private static String row(String id, String amount) {
    return id + ",S-" + id + ",U-" + id + "," + amount + ",USD,2026-03-10 10:00:00,4111111111111111";
  }

  private static String csv(String... rows) {
    return HEADER + "\n" + String.join("\n", rows) + "\n";
  }

  private static long writeLargeCsv(Path file, long bytes) throws IOException {
    long rows = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
      long written = HEADER.length() + 1;
      while (written < bytes) {
        byte[] line = (row("TXN-" + rows, (rows % 1000) + ".25") + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        written += line.length;
        rows++;
      }
    }
    return rows;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
