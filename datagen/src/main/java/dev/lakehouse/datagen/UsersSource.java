package dev.lakehouse.datagen;

import static dev.lakehouse.datagen.ReferenceData.pick;
import static dev.lakehouse.datagen.ReferenceData.pickOther;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Writes users/users.csv: one row per user, plus duplicates, updated versions and bad rows. */
final class UsersSource {

  static final String HEADER = "user_id,email,signup_date,device_type,country,updated_at";
  static final String FILE_NAME = "users.csv";

  /** Users in the 2 years before the drop. */
  private static final int SIGNUP_WINDOW_DAYS = 730;

  /**
   * @param referenceable users whose row is valid: the only ones sessions and orders may use
   */
  record Result(List<User> referenceable, SourceCounts counts) {}

  private UsersSource() {}

  static Result write(GeneratorConfig cfg, int count, SplittableRandom rng, Path dir)
      throws IOException {
    // Separate streams: the clean data does not shift when only anomaly rates change.
    SplittableRandom data = rng.split();
    SplittableRandom noise = rng.split();

    List<User> users = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      users.add(newUser(cfg, i, data));
    }

    AnomalyPicker picker = AnomalyPicker.users(cfg);
    Anomaly[] anomalies = new Anomaly[count];
    boolean anyReferenceable = false;
    for (int i = 0; i < count; i++) {
      anomalies[i] = picker.pick(noise);
      anyReferenceable |= !breaksRow(anomalies[i]);
    }
    if (!anyReferenceable) {
      // Sessions and orders need at least one real user to point at.
      anomalies[0] = null;
    }

    AnomalyTally tally = new AnomalyTally(picker.kinds());
    List<User> referenceable = new ArrayList<>();
    List<String> extraRows = new ArrayList<>();
    long records = 0;
    Files.createDirectories(dir);
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve(cfg.fileTag().isEmpty() ? FILE_NAME : "users-" + cfg.fileTag() + ".csv"), StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      int corruptSeen = 0;
      for (int i = 0; i < count; i++) {
        User u = users.get(i);
        Anomaly a = anomalies[i];
        String row;
        if (a == Anomaly.CORRUPT) {
          row = corruptRow(u, corruptSeen++ % 2 == 0);
        } else if (a == Anomaly.NULL_REQUIRED) {
          row =
              row("", u.email(), u.signupDate(), u.deviceType(), u.country(),
                  u.updatedAtMillis());
        } else {
          row = row(u);
          referenceable.add(u);
          if (a == Anomaly.DUPLICATE) {
            extraRows.add(row);
          } else if (a == Anomaly.UPDATED_VERSION) {
            extraRows.add(updatedVersion(cfg, u, noise));
          }
        }
        if (a != null) {
          tally.add(a);
        }
        out.write(row);
        out.write('\n');
        records++;
      }
      // Repeats and newer versions arrive after the initial snapshot rows, like a second extract.
      for (String row : extraRows) {
        out.write(row);
        out.write('\n');
        records++;
      }
    }
    return new Result(
        List.copyOf(referenceable), new SourceCounts(1, records, tally.toSortedMap()));
  }

  private static boolean breaksRow(Anomaly a) {
    return a == Anomaly.CORRUPT || a == Anomaly.NULL_REQUIRED;
  }

  private static User newUser(GeneratorConfig cfg, int number, SplittableRandom rng) {
    String first = pick(rng, ReferenceData.FIRST_NAMES);
    String last = pick(rng, ReferenceData.LAST_NAMES);
    // The user number in the email keeps emails unique, so users can be matched by email.
    String email = first + "." + last + number + "@example.com";
    LocalDate signup = cfg.baseDate().minusDays(1 + rng.nextInt(SIGNUP_WINDOW_DAYS));
    String device = pick(rng, ReferenceData.DEVICE_TYPES);
    String country = pick(rng, ReferenceData.COUNTRIES);
    long signupStart = Timestamps.startOfDay(signup);
    long dropStart = Timestamps.startOfDay(cfg.baseDate());
    long updatedAt = truncateToSecond(signupStart + rng.nextLong(dropStart - signupStart));
    String street = (1 + rng.nextInt(9999)) + " " + pick(rng, ReferenceData.STREETS);
    return new User(
        Ids.of("USR-", number, 5),
        email,
        signup,
        device,
        country,
        updatedAt,
        street,
        pick(rng, ReferenceData.PLACES),
        CardNumbers.next(rng));
  }

  /**
   * A legitimate change during the drop window: new country or new device, later updated_at. The
   * population itself ({@link #newUser}) is the series' own, so later drops update the same users.
   */
  private static String updatedVersion(GeneratorConfig cfg, User u, SplittableRandom rng) {
    long dropStart = Timestamps.startOfDay(cfg.windowStart());
    long updatedAt = truncateToSecond(dropStart + rng.nextLong(cfg.days() * Timestamps.DAY));
    String device = u.deviceType();
    String country = u.country();
    if (rng.nextBoolean()) {
      country = pickOther(rng, ReferenceData.COUNTRIES, country);
    } else {
      device = pickOther(rng, ReferenceData.DEVICE_TYPES, device);
    }
    return row(u.userId(), u.email(), u.signupDate(), device, country, updatedAt);
  }

  /** Wrong column count: a dropped trailing column, or an unquoted extra value. */
  private static String corruptRow(User u, boolean missingColumn) {
    String signup = Timestamps.date(u.signupDate());
    if (missingColumn) {
      return CsvRows.render(u.userId(), u.email(), signup, u.deviceType(), u.country());
    }
    return CsvRows.render(
        u.userId(), u.email(), signup, u.deviceType(), "17.1", u.country(),
        Timestamps.sqlSeconds(u.updatedAtMillis()));
  }

  private static String row(User u) {
    return row(
        u.userId(), u.email(), u.signupDate(), u.deviceType(), u.country(), u.updatedAtMillis());
  }

  private static String row(
      String userId, String email, LocalDate signup, String device, String country,
      long updatedAt) {
    return CsvRows.render(
        userId, email, Timestamps.date(signup), device, country, Timestamps.sqlSeconds(updatedAt));
  }

  private static long truncateToSecond(long millis) {
    return Math.floorDiv(millis, Timestamps.SECOND) * Timestamps.SECOND;
  }
}
