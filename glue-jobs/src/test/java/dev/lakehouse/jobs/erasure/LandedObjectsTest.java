package dev.lakehouse.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.jobs.support.LakeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A landed object loses exactly the subject's records, byte for byte otherwise: a CSV record
 * whose quoted field spans lines leaves whole (bronze reads it as one record), a quote inside an
 * unquoted field is a character, and JSON lines are lines.
 */
class LandedObjectsTest {
  private final LakeFixture lake = LakeFixture.get();

  @Test
  void removesTheSubjectsWholeRecordsAndKeepsEveryOtherByteAsItWas() throws Exception {
    String header = "transaction_id,user_id,note\r\n";
    String others = "T1,USR-LO-1,\"plain\"\r\n";
    String theirs = "T2,USR-LO-7,\"line one\r\nline two with \"\"USR-LO-1\"\", and a comma\"\r\n";
    String someoneElsesTwoLines = "T3,USR-LO-2,\"multi\r\nline\"\r\n";
    String theirsWithALiteralQuote = "T4,USR-LO-7,5\" screen\r\n";
    String last = "T5,USR-LO-3,ok";
    Path csv = lake.land(Source.TRANSACTIONS, "2026/11/30/erase-test.csv",
        header + others + theirs + someoneElsesTwoLines + theirsWithALiteralQuote + last);
    Path json = lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=30/hour=01/erase-test.jsonl",
        "{\"user_id\":\"USR-LO-7\",\"note\":\"a \\\"quoted\\\" thing\"}\n{\"user_id\":\"USR-LO-1\"}\n");

    List<LandedObjects.Rewritten> rewritten = new LandedObjects(lake.spark(), lake.config().lakeRoot(), java.util.Optional.empty())
        .erase(Pattern.compile("(?<![A-Za-z0-9])USR-LO-7(?![A-Za-z0-9])"));

    assertThat(Files.readString(csv)).isEqualTo(header + others + someoneElsesTwoLines + last);
    assertThat(Files.readString(json)).isEqualTo("{\"user_id\":\"USR-LO-1\"}\n");
    assertThat(rewritten).extracting(r -> Path.of(java.net.URI.create(r.path())).getFileName().toString(), LandedObjects.Rewritten::linesRemoved)
        .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple("erase-test.csv", 3L),
            org.assertj.core.api.Assertions.tuple("erase-test.jsonl", 1L));
  }
}
