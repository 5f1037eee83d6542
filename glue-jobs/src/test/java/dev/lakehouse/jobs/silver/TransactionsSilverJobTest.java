package dev.lakehouse.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.contract.Source;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionsSilverJobTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  @Test
  void typesMasksDeduplicatesAndQuarantines() throws Exception {
    String csv =
        "transaction_id,session_id,user_id,amount,currency,transaction_timestamp,card_number\n"
            + "TXN-1,SES-1,USR-1,1250.50,USD,2026-11-01 14:45:00,4111111111111111\n"
            + "TXN-2,SES-2,USR-2,10.00,usd,2026-11-01 15:00:00,\"4111 1111 1111 1234\"\n"
            + "TXN-1,SES-1,USR-1,1250.50,USD,2026-11-01 14:45:00,4111111111111111\n" // duplicate id
            + "TXN-3,SES-3,USR-3,-12.50,USD,2026-11-01 15:00:00,4111111111111111\n"
            + "TXN-4,SES-3,USR-3,\"12,5O\",USD,2026-11-01 15:00:00,4111111111111111\n"
            + "TXN-5,SES-3,USR-3,12.50,USD\n" // missing columns
            + "TXN-6,SES-3,USR-3,12.50,USD,2026-11-01 15:00:00,4111111111111111,extra\n" // extra column
            + ",SES-3,USR-3,12.50,USD,2026-11-01 15:00:00,4111111111111111\n"
            + "TXN-7,SES-3,USR-3,12.50,US,2026-11-01 15:00:00,4111111111111111\n"
            + "TXN-8,SES-3,USR-3,12.50,USD,2100-01-01 00:00:00,4111111111111111\n"
            + "TXN-9,SES-4,USR-4,0.00,EUR,2026-11-01 16:00:00,\n"
            + "TXN-10,SES-5,USR-5,99.99,PEN,\"2026-11-01 17:00:00\",\"5500 0000\n0000 0004\"\n"; // quoted newline
    lake.land(Source.TRANSACTIONS, "ingest_date=2026-11-01/transactions_20261101_14.csv", csv);

    assertThat(lake.runBronze(Source.TRANSACTIONS)).isEqualTo(12);
    SilverJob.Result result = new TransactionsSilverJob(lake.spark(), lake.config()).run();

    List<Row> silver =
        lake.rows("SELECT transaction_id, CAST(amount AS STRING), currency, CAST(transaction_timestamp AS STRING), card_number_masked"
            + " FROM silver.transactions ORDER BY transaction_id");
    assertThat(silver)
        .extracting(r -> tuple(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .containsExactly(
            tuple("TXN-1", "1250.50", "USD", "2026-11-01 14:45:00", "************1111"),
            tuple("TXN-10", "99.99", "PEN", "2026-11-01 17:00:00", "************0004"),
            tuple("TXN-2", "10.00", "USD", "2026-11-01 15:00:00", "************1234"),
            tuple("TXN-9", "0.00", "EUR", "2026-11-01 16:00:00", null));
    assertThat(lake.rows("SELECT card_number_hash FROM silver.transactions WHERE transaction_id = 'TXN-1'").get(0).getString(0))
        .isEqualTo(OrdersSilverJobTest.hmacSha256("4111111111111111"));

    List<Row> rejected = lake.rows("SELECT reason_code, raw_record FROM silver.transactions_rejected");
    assertThat(rejected)
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder(
            "negative_amount", "invalid_number", "corrupt_record", "corrupt_record",
            "missing_transaction_id", "invalid_currency", "future_timestamp");
    assertThat(rejected).extracting(r -> r.getString(1)).noneMatch(raw -> raw.contains("4111111111111111"));
    assertThat(rejected).extracting(r -> r.getString(1)).anyMatch(raw -> raw.startsWith("TXN-5,SES-3,USR-3,12.50,USD"));

    // 12 bronze = 4 silver + 7 rejected + 1 duplicate
    assertThat(result.counts().silverRows()).isEqualTo(4);
    assertThat(result.counts().rejectedRows()).isEqualTo(7);
    assertThat(result.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(result.counts().balanced()).isTrue();
  }

  @Test
  void aReSendWithAnotherTimestampInALaterRunLeavesOneRowTheLatest() {
    String header = "transaction_id,session_id,user_id,amount,currency,transaction_timestamp,card_number\n";
    lake.land(Source.TRANSACTIONS, "ingest_date=2026-11-01/transactions_20261101_14.csv",
        header + "TXN-1,SES-1,USR-1,10.00,USD,2026-11-01 14:45:00,4111111111111111\n");
    lake.runBronze(Source.TRANSACTIONS);
    new TransactionsSilverJob(lake.spark(), lake.config()).run();

    lake.land(Source.TRANSACTIONS, "ingest_date=2026-11-05/transactions_20261105_08.csv",
        header + "TXN-1,SES-1,USR-1,12.00,USD,2026-11-05 08:00:00,4111111111111111\n");
    lake.runBronze(Source.TRANSACTIONS);
    SilverJob.Result second = new TransactionsSilverJob(lake.spark(), lake.config()).run();

    assertThat(lake.rows("SELECT transaction_id, CAST(amount AS STRING), CAST(transaction_timestamp AS STRING) FROM silver.transactions"))
        .extracting(r -> tuple(r.getString(0), r.getString(1), r.getString(2)))
        .containsExactly(tuple("TXN-1", "12.00", "2026-11-05 08:00:00"));
    assertThat(second.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(second.counts().balanced()).isTrue();
  }
}
