package io.possync.host.controllers.print;

import io.possync.core.caps.Check;
import io.vertx.core.buffer.Buffer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What possync prints (POS-API.md section 5): kitchen chits (and their VOID form) and customer receipts, laid out
 * for the printer's line width.
 */
public final class Printouts {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private Printouts() {
  }

  /** What a chit says besides its lines. */
  public record ChitHeader(int checkNumber, String rvcName, String orderType, String tableName, String serverName,
                           ZonedDateTime at, String jobId) {
  }

  /**
   * A kitchen chit: the header, then each line as quantity and kitchen name with its modifiers below it.
   *
   * @param backupFor the name of the printer this one stands in for, or null
   * @param voided a VOID chit (lines taken back)
   */
  public static Buffer chit(int width, ChitHeader h, List<Check.Line> lines, String backupFor, boolean voided) {
    EscPos.Doc d = new EscPos.Doc(width);
    if (backupFor != null) {
      d.bold("BACKUP FOR " + backupFor);
    }
    if (voided) {
      d.big("** VOID **");
    }
    d.big("CHECK " + h.checkNumber());
    d.line(h.rvcName() + " - " + orderType(h.orderType()));
    if (h.tableName() != null) {
      d.bold("TABLE " + h.tableName());
    }
    d.line("Server: " + (h.serverName() == null ? "" : h.serverName()));
    d.line(TIME.format(h.at()));
    d.rule();
    for (Check.Line l : lines) {
      d.bold((voided ? "VOID " : "") + l.quantity() + " " + l.kitchenName());
      for (Check.LineModifier m : l.modifiers()) {
        d.line("   " + m.kitchenName());
      }
    }
    d.rule();
    d.line("Job " + h.jobId());
    return d.cut();
  }

  /** A customer receipt of a check, with the cash drawer kick when asked. */
  public static Buffer receipt(int width, String propertyName, ChitHeader h, Check c, boolean kickDrawer) {
    EscPos.Doc d = new EscPos.Doc(width);
    d.center(propertyName);
    d.line("Check " + h.checkNumber() + "  " + h.rvcName() + (h.tableName() == null ? "" : "  Table " + h.tableName()));
    d.line("Server: " + (h.serverName() == null ? "" : h.serverName()) + "  " + TIME.format(h.at()));
    d.rule();
    for (Check.Line l : c.lines()) {
      if (l.voided()) {
        continue;
      }
      d.columns(l.quantity() + " " + l.name(), money(c.totals().lineAmounts().getOrDefault(l.id(), 0L)));
      for (Check.LineModifier m : l.modifiers()) {
        d.columns("   " + m.name(), m.priceCents() == 0 ? "" : money(m.priceCents() * l.quantity()));
      }
    }
    d.rule();
    d.columns("Subtotal", money(c.totals().subtotalCents()));
    for (Check.AppliedDiscount x : c.discounts()) {
      d.columns(x.name(), "-" + money(c.totals().discountAmounts().getOrDefault(x.id(), 0L)));
    }
    for (Check.AppliedServiceCharge s : c.serviceCharges()) {
      d.columns(s.name(), money(c.totals().serviceChargeAmounts().getOrDefault(s.id(), 0L)));
    }
    c.totals().taxByGroup().forEach((g, a) -> d.columns((c.taxInclusive() ? "Incl. " : "") + c.taxNames()
        .getOrDefault(g, "Tax"), money(a)));
    d.bold("TOTAL " + money(c.totals().totalCents()));
    for (Check.Payment p : c.payments()) {
      if (p.counts()) {
        d.columns(p.tenderType() + (p.last4() == null ? "" : " " + p.last4()), money(p.amountCents()));
        if (p.tipCents() > 0) {
          d.columns("   Tip", money(p.tipCents()));
        }
      }
    }
    if (c.totals().changeDueCents() > 0) {
      d.columns("Change", money(c.totals().changeDueCents()));
    }
    if (c.totals().balanceDueCents() > 0) {
      d.columns("Balance due", money(c.totals().balanceDueCents()));
    }
    d.line("");
    d.center("Thank you");
    if (kickDrawer) {
      d.drawerKick();
    }
    return d.cut();
  }

  static String orderType(String t) {
    return t == null ? "" : t.replace('_', ' ').toUpperCase(java.util.Locale.ROOT);
  }

  /** Cents as a plain amount: 1234 as 12.34. */
  static String money(long cents) {
    String sign = cents < 0 ? "-" : "";
    long a = Math.abs(cents);
    return sign + (a / 100) + "." + String.format("%02d", a % 100);
  }
}
