package dev.lakehouse.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.support.LakeFixture;
import java.io.StringWriter;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SCD Type 2 by MERGE: versions, versions in one batch, out-of-order versions, re-sends. */
class UsersSilverJobTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  private static String user(String id, String email, String device, String country, String updatedAt) {
    return String.format(
        "{\"user_id\":%s,\"email\":\"%s\",\"signup_date\":\"2024-03-15\",\"device_type\":\"%s\",\"country\":\"%s\",\"updated_at\":\"%s\"}",
        id == null ? "null" : "\"" + id + "\"", email, device, country, updatedAt);
  }

  private List<Row> history() {
    return lake.rows(
        "SELECT user_id, device_type, country, CAST(valid_from AS STRING), CAST(valid_to AS STRING), is_current"
            + " FROM silver.users ORDER BY user_id, valid_from");
  }

  @Test
  void theHashKeyIsInNoPlanAndNoLogLineAndARotatedKeyMovesEveryHashOnce() throws Exception {
    lake.land(Source.USERS, "table=users/a.ndjson", user("u1", "Ana.Perez@Example.com", "iOS", "pe", "2026-10-01 10:00:00") + "\n");
    lake.runBronze(Source.USERS);
    StringWriter log = new StringWriter();
    WriterAppender capture = WriterAppender.newBuilder().setName("capture").setTarget(log)
        .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
    capture.start();
    Logger root = (Logger) LogManager.getRootLogger();
    root.addAppender(capture);
    Configurator.setRootLevel(Level.DEBUG);
    try {
      new UsersSilverJob(lake.spark(), lake.config()).run();
      log.append(new Pii(LakeFixture.PII_HASH_KEY).keyedHash(lake.spark().sql("SELECT 'a@b.co' AS e").col("e"), true).expr()
          .toString());
      log.append(lake.spark().sql("SELECT 'a@b.co' AS e").select(new Pii(LakeFixture.PII_HASH_KEY)
          .keyedHash(org.apache.spark.sql.functions.col("e"), true)).queryExecution().toString());
    } finally {
      Configurator.setRootLevel(Level.WARN);
      root.removeAppender(capture);
      capture.stop();
    }
    assertThat(log.toString()).contains("pii_hmac(").contains("dev.lakehouse.jobs.silver.SilverJob ").doesNotContain(LakeFixture.PII_HASH_KEY);
    assertThat(lake.rows("SELECT email_hash FROM silver.users").get(0).getString(0))
        .isEqualTo(OrdersSilverJobTest.hmacSha256("ana.perez@example.com"));

    // key rotation: a second key appended; silver refuses to mix keys until the re-hash has run
    String second = "second-pii-key-0123456789";
    // an erasure request stopped before the rotation names its person by hashes of the first key
    LakeFixture.insertByName(lake.spark(), dev.lakehouse.contract.Tables.OPS_ERASURE_LOG, "SELECT 'r-old' AS request_id, array('"
        + OrdersSilverJobTest.hmacSha256("ana.perez@example.com") + "') AS subject_hashes, 'started' AS step");
    var rotated = lake.config().with(JobArgs.PII_HASH_KEY, "[\"" + LakeFixture.PII_HASH_KEY + "\", \"" + second + "\"]");
    lake.land(Source.USERS, "table=users/b.ndjson", user("u2", "Bob@Example.com", "Web", "US", "2026-10-02 10:00:00") + "\n");
    lake.runBronze(Source.USERS);
    assertThatThrownBy(() -> new UsersSilverJob(lake.spark(), rotated).run())
        .hasMessageContaining("silver.users holds PII hashes of 1 key(s) and this job has 2").hasMessageContaining("pii-rehash");
    assertThat(lake.count("silver.users")).isEqualTo(1);
    String moved = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, second).hmacHex(OrdersSilverJobTest.hmacSha256("ana.perez@example.com"));
    assertThat(new PiiRehashJob(lake.spark(), rotated).run().tables()).containsEntry("silver.users", "1 -> 2 keys");
    assertThat(new PiiRehashJob(lake.spark(), rotated).run().tables()).containsEntry("silver.users", "already at 2 keys");
    assertThat(lake.rows("SELECT email_hash FROM silver.users").get(0).getString(0)).isEqualTo(moved);
    // and moves with the rest: the same person, asked for again with both keys, is recognised
    assertThat(lake.rows("SELECT subject_hashes[0] FROM ops.erasure_log WHERE request_id = 'r-old'").get(0).getString(0)).isEqualTo(moved);
    // new rows are hashed with the whole chain: the same person gets the same hash as before the rotation
    new UsersSilverJob(lake.spark(), rotated).run();
    assertThat(lake.rows("SELECT email_hash FROM silver.users WHERE user_id = 'u2'").get(0).getString(0))
        .isEqualTo(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, second).hmacHex(OrdersSilverJobTest.hmacSha256("bob@example.com")));
    assertThatThrownBy(() -> new UsersSilverJob(lake.spark(), lake.config()).run()).hasMessageContaining("holds PII hashes of 2 key(s)");
  }

  @Test
  void maintainsTypeTwoHistory() throws Exception {
    lake.land(Source.USERS, "table=users/a.ndjson",
        String.join("\n",
            user("u1", "Ana.Perez@Example.com", "iOS", "pe", "2026-10-01 10:00:00"),
            user("u2", "bob@example.com", "Web", "US", "2026-10-02 10:00:00"),
            user("u2", "bob@example.com", "Web", "US", "2026-10-02 10:00:00"), // exact duplicate
            "{\"user_id\": \"u9\", ", // corrupt
            user(null, "x@example.com", "Web", "US", "2026-10-02 10:00:00"),
            user("u8", "y@example.com", "Web", "US", "soon")) + "\n");
    lake.runBronze(Source.USERS);
    SilverJob.Result first = new UsersSilverJob(lake.spark(), lake.config()).run();
    assertThat(first.counts()).extracting("bronzeRows", "silverRows", "rejectedRows", "duplicatesRemoved").containsExactly(6L, 2L, 3L, 1L);
    assertThat(lake.rows("SELECT reason_code FROM silver.users_rejected")).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("corrupt_record", "missing_user_id", "invalid_timestamp");
    Row u1 = lake.rows("SELECT email, email_hash, country FROM silver.users WHERE user_id = 'u1'").get(0);
    assertThat(u1.getString(0)).isEqualTo("A***@Example.com");
    assertThat(u1.getString(1)).isEqualTo(OrdersSilverJobTest.hmacSha256("ana.perez@example.com"));
    assertThat(u1.getString(2)).isEqualTo("PE");

    // Two new versions of u1 in one batch, and a new user.
    lake.land(Source.USERS, "table=users/b.ndjson",
        String.join("\n",
            user("u1", "Ana.Perez@Example.com", "iOS", "US", "2026-10-05 00:00:00"),
            user("u1", "Ana.Perez@Example.com", "Android", "US", "2026-10-07 00:00:00"),
            user("u3", "carla@example.com", "Android", "MX", "2026-10-06 00:00:00")) + "\n");
    lake.runBronze(Source.USERS);
    SilverJob.Result second = new UsersSilverJob(lake.spark(), lake.config()).run();
    assertThat(second.counts().silverRows()).isEqualTo(3);

    // An out-of-order older version of u2 and a re-send of a known u1 version.
    lake.land(Source.USERS, "table=users/c.ndjson",
        String.join("\n",
            user("u2", "bob@example.com", "iOS", "US", "2026-09-01 00:00:00"),
            user("u1", "Ana.Perez@Example.com", "iOS", "US", "2026-10-05 00:00:00")) + "\n");
    lake.runBronze(Source.USERS);
    SilverJob.Result third = new UsersSilverJob(lake.spark(), lake.config()).run();
    assertThat(third.counts()).extracting("silverRows", "duplicatesRemoved").containsExactly(1L, 1L);

    assertThat(history())
        .extracting(r -> tuple(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
        .containsExactly(
            tuple("u1", "iOS", "PE", "2026-10-01 10:00:00", "2026-10-05 00:00:00", false),
            tuple("u1", "iOS", "US", "2026-10-05 00:00:00", "2026-10-07 00:00:00", false),
            tuple("u1", "Android", "US", "2026-10-07 00:00:00", null, true),
            tuple("u2", "iOS", "US", "2026-09-01 00:00:00", "2026-10-02 10:00:00", false),
            tuple("u2", "Web", "US", "2026-10-02 10:00:00", null, true),
            tuple("u3", "Android", "MX", "2026-10-06 00:00:00", null, true));
  }
}
