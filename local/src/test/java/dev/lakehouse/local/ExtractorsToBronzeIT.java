package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.embedded.LocalContext;
import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.LocalEndpoints;
import dev.lakehouse.embedded.StandInsProcess;
import dev.lakehouse.jobs.bronze.LandedFilesBronzeJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.silver.TransactionsSilverJob;
import dev.lakehouse.jobs.silver.UsersSilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.LedgerTable;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.lambdas.rds.RdsExtractorHandler;
import dev.lakehouse.lambdas.rds.RdsRunReport;
import dev.lakehouse.lambdas.sftp.SftpExtractorHandler;
import dev.lakehouse.lambdas.sftp.SftpRunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extractor handlers write exactly what the bronze jobs read: real SFTP, PostgreSQL,
 * DynamoDB and S3 stand-ins (child JVM), real handlers, then the real bronze and silver jobs on
 * the objects the S3 stand-in holds.
 */
class ExtractorsToBronzeIT {
  private static final LakeFixture lake = LakeFixture.get();

  @Test
  void whatTheExtractorsLandIsReadByBronzeAndKeptBySilver(@TempDir Path tmp) throws Exception {
    lake.reset();
    try (StandInsProcess services = new StandInsProcess(tmp.resolve("services"), tmp.resolve("standins.log"))) {
      Map<String, String> env = new HashMap<>(LocalEndpoints.environment(
          services.s3Endpoint(), services.dynamoDbEndpoint(), LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY));
      env.put(ExtractorSettings.LAKE_BUCKET, "lake");
      env.put(ExtractorSettings.LEDGER_TABLE, "ingestion-ledger");
      AwsClients aws = AwsClients.fromSettings(new Settings(env));
      aws.s3().createBucket(b -> b.bucket("lake"));
      LedgerTable.createIfMissing(aws.dynamo(), "ingestion-ledger");

      // the partner's SFTP outbox: one good file (one row lacks its id), one with the wrong delimiter
      Path outbox = Files.createDirectories(services.sftpRoot().resolve("outbox"));
      String header = String.join(",", LandingFormats.TRANSACTIONS_CSV_HEADER);
      Files.writeString(outbox.resolve("transactions_20260310_10.csv"), header + "\n"
          + "TXN-1,S-1,U-1,12.50,USD,2026-03-10 10:00:00,4111111111111111\n"
          + "TXN-2,S-2,U-2,3.00,PEN,2026-03-10 10:05:00,5500000000000004\n"
          + "TXN-4,S-4,U-1,1.00,USD,2026-03-10 10:07:00,4111111111111111\n"
          + "TXN-5,S-5,U-2,2.00,USD,2026-03-10 10:08:00,4111111111111111\n"
          + "TXN-6,S-6,U-3,3.00,USD,2026-03-10 10:09:00,4111111111111111\n"
          + "TXN-7,S-7,U-1,4.00,USD,2026-03-10 10:10:00,4111111111111111\n"
          + ",S-3,U-3,7.00,USD,2026-03-10 10:06:00,4111111111111111\n"); // 1 of 7 rows bad: under the 20% file limit
      Files.writeString(outbox.resolve("transactions_20260310_11.csv"), header.replace(',', ';') + "\n");
      Files.setLastModifiedTime(outbox.resolve("transactions_20260310_10.csv"), java.nio.file.attribute.FileTime.fromMillis(0));
      Files.setLastModifiedTime(outbox.resolve("transactions_20260310_11.csv"), java.nio.file.attribute.FileTime.fromMillis(0));
      Path sftpSecret = tmp.resolve("sftp.json");
      Files.writeString(sftpSecret, "{\"host\":\"127.0.0.1\",\"port\":\"" + services.sftpPort() + "\",\"username\":\""
          + StandInsProcess.sftpUser() + "\",\"password\":\"" + StandInsProcess.sftpPassword() + "\"}");
      env.put(ExtractorSettings.SFTP_SECRET, "file:" + sftpSecret);
      env.put(ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT, services.sftpHostKeyFingerprint());

      // the users table in PostgreSQL
      sql(services.jdbcUrl(), "CREATE TABLE users (user_id text PRIMARY KEY, email text, signup_date date,"
          + " device_type text, country text, updated_at timestamp NOT NULL)");
      sql(services.jdbcUrl(), "INSERT INTO users VALUES"
          + " ('U-1', 'ana@example.com', '2025-01-02', 'mobile', 'PE', '2026-03-01 09:00:00'),"
          + " ('U-2', 'bo@example.com', '2025-02-03', 'desktop', 'MX', '2026-03-01 09:30:00.25'),"
          + " ('U-3', 'cy@example.com', '2025-03-04', 'tablet', 'CL', '2026-03-01 10:00:00')");
      Path rdsSecret = tmp.resolve("rds.json");
      Files.writeString(rdsSecret, "{\"jdbcUrl\":\"" + services.jdbcUrl() + "\",\"username\":\"postgres\",\"password\":\"postgres\"}");
      env.put(ExtractorSettings.RDS_SECRET, "file:" + rdsSecret);

      SftpRunReport sftp = new SftpExtractorHandler(new Settings(env), aws, Clock.systemUTC())
          .handleRequest(null, new LocalContext("sftp-extractor", 300_000));
      RdsRunReport rds = new RdsExtractorHandler(new Settings(env), aws, Clock.systemUTC())
          .handleRequest(null, new LocalContext("rds-extractor", 300_000));
      assertThat(sftp.landed).isEqualTo(1);
      assertThat(sftp.quarantined).isEqualTo(1);
      assertThat(rds.rows).isEqualTo(3);

      JobConfig config = lake.config().with(JobArgs.LAKE_ROOT, services.s3BucketDir("lake").toUri().toString());
      assertThat(new LandedFilesBronzeJob(lake.spark(), config, Source.TRANSACTIONS).run().rows()).isEqualTo(7);
      assertThat(new LandedFilesBronzeJob(lake.spark(), config, Source.USERS).run().rows()).isEqualTo(3);
      List<Row> files = lake.rows("SELECT DISTINCT source_file FROM lakehouse.bronze.transactions_raw");
      assertThat(files).hasSize(1);
      assertThat(files.get(0).getString(0)).endsWith(sftp.landedKeys.get(0));
      assertThat(lake.rows("SELECT DISTINCT source_file FROM lakehouse.bronze.users_raw").get(0).getString(0))
          .endsWith(rds.keys.get(0));

      SilverJob.Result txns = new TransactionsSilverJob(lake.spark(), config).run();
      assertThat(txns.counts().silverRows()).isEqualTo(6);
      assertThat(txns.counts().rejectedRows()).isEqualTo(1);
      SilverJob.Result users = new UsersSilverJob(lake.spark(), config).run();
      assertThat(users.counts().silverRows()).isEqualTo(3);
      List<Row> u2 = lake.rows("SELECT email, country, CAST(updated_at AS STRING) FROM lakehouse.silver.users WHERE user_id = 'U-2'");
      assertThat(u2.get(0).getString(0)).doesNotContain("bo@example.com");
      assertThat(u2.get(0).getString(2)).isEqualTo("2026-03-01 09:30:00.25");

      // a user changes in the database: the next extract carries only that row, silver opens a new version
      sql(services.jdbcUrl(), "UPDATE users SET country = 'AR', updated_at = '2026-03-02 08:00:00' WHERE user_id = 'U-1'");
      RdsRunReport again = new RdsExtractorHandler(new Settings(env), aws, Clock.systemUTC())
          .handleRequest(null, new LocalContext("rds-extractor", 300_000));
      assertThat(again.rows).isEqualTo(1);
      assertThat(new LandedFilesBronzeJob(lake.spark(), config, Source.USERS).run().rows()).isEqualTo(1);
      new UsersSilverJob(lake.spark(), config).run();
      assertThat(lake.rows("SELECT country, is_current FROM lakehouse.silver.users WHERE user_id = 'U-1' ORDER BY valid_from"))
          .extracting(r -> r.getString(0) + "/" + r.getBoolean(1))
          .containsExactly("PE/false", "AR/true");
      aws.s3().close();
      aws.dynamo().close();
    }
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
