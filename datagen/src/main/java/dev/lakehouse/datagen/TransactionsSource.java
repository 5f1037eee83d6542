package dev.lakehouse.datagen;

import dev.lakehouse.datagen.ClickstreamSource.PurchaseSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Writes transactions/transactions_YYYYMMDD_HH.csv: one payment per purchase session. */
final class TransactionsSource {

  static final String HEADER =
      "transaction_id,session_id,user_id,amount,currency,transaction_timestamp,card_number";

  private record Txn(long millis, PurchaseSession session, String amount, String currency) {}

  private TransactionsSource() {}

  static SourceCounts write(
      GeneratorConfig cfg, SplittableRandom rng, Path dir, List<PurchaseSession> purchases)
      throws IOException {
    SplittableRandom data = rng.split();
    SplittableRandom noise = rng.split();

    List<Txn> txns = new ArrayList<>(purchases.size());
    for (PurchaseSession p : purchases) {
      // Settled 1–10 minutes after the purchase event, at whole seconds.
      long purchaseSecond = Math.floorDiv(p.purchaseMillis() + 999, Timestamps.SECOND);
      long millis = (purchaseSecond + 60 + data.nextInt(540)) * Timestamps.SECOND;
      long cents = 500 + data.nextLong(149_501); // 5.00 .. 1500.00
      txns.add(new Txn(millis, p, BigDecimal.valueOf(cents, 2).toPlainString(), currency(data)));
    }
    txns.sort(
        Comparator.comparingLong(Txn::millis).thenComparing(t -> t.session().sessionId()));

    AnomalyPicker picker = AnomalyPicker.transactions(cfg);
    AnomalyTally tally = new AnomalyTally(picker.kinds());
    int corruptSeen = 0;
    HourlyFileSink sink =
        new HourlyFileSink(
            dir, h -> "transactions_" + tag(cfg, "_") + Timestamps.fileHourUnderscore(h) + ".csv", HEADER);
    try (sink) {
      for (int i = 0; i < txns.size(); i++) {
        Txn t = txns.get(i);
        String id = Ids.of("TXN-", cfg.idOffset() + i + 1, 7);
        String sessionId = t.session().sessionId();
        String userId = t.session().user().userId();
        String card = t.session().user().cardNumber();
        String amount = t.amount();
        String ts = Timestamps.sqlSeconds(t.millis());
        long hour = Timestamps.epochHour(t.millis());
        Anomaly a = picker.pick(noise);
        if (a == null) {
          sink.write(hour, CsvRows.render(id, sessionId, userId, amount, t.currency(), ts, card));
          continue;
        }
        tally.add(a);
        switch (a) {
          case CORRUPT -> {
            String row =
                corruptSeen++ % 2 == 0
                    // a dropped trailing column
                    ? CsvRows.render(id, sessionId, userId, amount, t.currency(), ts)
                    // a decimal comma split into two columns (the classic locale bug)
                    : CsvRows.render(
                        id, sessionId, userId, amount.substring(0, amount.indexOf('.')),
                        amount.substring(amount.indexOf('.') + 1), t.currency(), ts, card);
            sink.write(hour, row);
          }
          case NULL_REQUIRED -> sink.write(
              hour, CsvRows.render("", sessionId, userId, amount, t.currency(), ts, card));
          case FUTURE_TIMESTAMP -> sink.write(
              hour,
              CsvRows.render(
                  id, sessionId, userId, amount, t.currency(),
                  Timestamps.sqlSeconds(Timestamps.movedToYear2100(t.millis())), card));
          case NEGATIVE_AMOUNT -> sink.write(
              hour, CsvRows.render(id, sessionId, userId, "-" + amount, t.currency(), ts, card));
          case NON_NUMERIC_AMOUNT -> sink.write(
              hour,
              CsvRows.render(id, sessionId, userId, nonNumeric(amount), t.currency(), ts, card));
          case LATE -> sink.defer(
              LateArrivals.arrivalHour(t.millis(), noise),
              CsvRows.render(id, sessionId, userId, amount, t.currency(), ts, card));
          case DUPLICATE -> {
            String row = CsvRows.render(id, sessionId, userId, amount, t.currency(), ts, card);
            sink.write(hour, row);
            sink.defer(LateArrivals.duplicateHour(hour, noise), row);
          }
          default -> throw new IllegalStateException("not a transactions anomaly: " + a);
        }
      }
    }
    return new SourceCounts(sink.files(), sink.lines(), tally.toSortedMap());
  }

  /** 12.50 becomes 12,5O: decimal comma plus a letter O typed for a zero. Never parses. */
  static String nonNumeric(String amount) {
    String comma = amount.replace('.', ',');
    return comma.substring(0, comma.length() - 1) + "O";
  }

  /** Mostly USD; the rest spread over the LatAm and EU currencies we accept. */
  private static String currency(SplittableRandom rng) {
    int r = rng.nextInt(10);
    return r < 5 ? "USD" : r < 7 ? "EUR" : r < 9 ? "PEN" : "MXN";
  }

  private static String tag(GeneratorConfig cfg, String separator) {
    return cfg.fileTag().isEmpty() ? "" : cfg.fileTag() + separator;
  }
}
