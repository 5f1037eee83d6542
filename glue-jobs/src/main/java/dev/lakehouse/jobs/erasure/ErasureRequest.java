package dev.lakehouse.jobs.erasure;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.config.JobConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who is to be forgotten: emails and/or user (= customer) ids, checked before anything is touched.
 * A malformed identifier is an {@link IllegalArgumentException} (exit 2 on the command line) that
 * names it by position and shape only.
 */
public record ErasureRequest(String requestId, String requestedBy, Set<String> emails, Set<String> ids) {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}");
  /** The sources' ids (USR-01687, CUST_9, 1234): letters, digits and a few separators. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  private static final String WITHHELD = "its value is not repeated here: it may be personal data";
  private static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  public ErasureRequest {
    if (emails.isEmpty() && ids.isEmpty()) {
      throw new IllegalArgumentException("an erasure request names at least one email or user/customer id");
    }
    // a refusal names the item by position and shape, never by value: the message reaches logs and the alert topic
    int n = 0;
    for (String e : emails) {
      n++;
      if (!EMAIL.matcher(e).matches()) {
        throw new IllegalArgumentException("email " + n + " of the request is not an email address (" + e.length() + " characters"
            + (e.contains("@") ? "" : ", no @") + (e.contains(",") ? ", a comma" : "") + "; " + WITHHELD + ")");
      }
    }
    n = 0;
    for (String id : ids) {
      n++;
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("user/customer id " + n + " of the request is not an id (letters, digits, _ . : -; at most 64;"
            + " it has " + id.length() + " characters; " + WITHHELD + ")");
      }
    }
    if (!REQUEST.matcher(requestId).matches()) {
      throw new IllegalArgumentException("not a request id: '" + requestId + "' (letters, digits, _ . : -)");
    }
    if (requestedBy.isBlank()) {
      throw new IllegalArgumentException("say who asked for the erasure (--requested-by)");
    }
    // emails compare as silver hashes them: trimmed, lower-case
    emails = emails.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(LinkedHashSet::new));
    ids = Set.copyOf(ids);
  }

  static boolean isEmail(String s) {
    return EMAIL.matcher(s).matches();
  }

  static boolean isId(String s) {
    return ID.matcher(s).matches();
  }

  /** From the job arguments ({@link JobArgs#ERASE_EMAILS}, {@link JobArgs#ERASE_IDS}: comma-separated). */
  public static ErasureRequest from(JobConfig config) {
    return new ErasureRequest(config.require(JobArgs.REQUEST_ID), config.require(JobArgs.REQUESTED_BY),
        list(config.get(JobArgs.ERASE_EMAILS, "")), list(config.get(JobArgs.ERASE_IDS, "")));
  }

  /** A comma-separated list of identifiers, blanks dropped, in order. */
  static Set<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
