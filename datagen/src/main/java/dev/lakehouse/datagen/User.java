package dev.lakehouse.datagen;

import dev.lakehouse.datagen.ReferenceData.Place;
import java.time.LocalDate;

/**
 * A generated user, as first written to users.csv. Orders and sessions only ever reference users
 * whose row is valid, so a clean pipeline sees no orphans.
 *
 * @param street shipping street line used on this user's orders
 * @param place shipping city/state/zip used on this user's orders
 * @param cardNumber the card this user pays with (Luhn-valid)
 */
record User(
    String userId,
    String email,
    LocalDate signupDate,
    String deviceType,
    String country,
    long updatedAtMillis,
    String street,
    Place place,
    String cardNumber) {}
