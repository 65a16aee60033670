package io.possync.core.caps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The business date of a moment (POS-API.md section 3): the date in the property's time zone, less one day before
 * the day start time. Computed where the check is opened, so it advances with the clock while the store is offline.
 */
public final class BusinessDate {

  private BusinessDate() {
  }

  public static LocalDate at(Instant moment, ZoneId zone, LocalTime dayStart) {
    ZonedDateTime local = moment.atZone(zone);
    LocalDate date = local.toLocalDate();
    return local.toLocalTime().isBefore(dayStart) ? date.minusDays(1) : date;
  }
}
