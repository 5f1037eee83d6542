package dev.lakehouse.contract.quality;

import java.math.BigDecimal;
import java.util.List;

/** Allowed values and tolerances the silver rules enforce (from the seeds). */
public final class Domains {
  /** Clickstream event types (kashio seed lists page_view, click, purchase, ...; SPEC adds add_to_cart). */
  public static final List<String> EVENT_TYPES =
      List.of("page_view", "click", "search", "add_to_cart", "remove_from_cart", "checkout", "purchase");

  /** FastCart order statuses. */
  public static final List<String> ORDER_STATUSES =
      List.of("pending", "confirmed", "processing", "shipped", "cancelled");

  /** FastCart: total = price * quantity with a tolerance of 0.01. */
  public static final BigDecimal TOTAL_TOLERANCE = new BigDecimal("0.01");

  private Domains() {}
}
