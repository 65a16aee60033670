package io.possync.core.caps;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The money of a check by POS-API.md section 4, computed from what was rung: a pure function, the same on the host
 * and in the cloud, so every total is reproducible from the rules. Amounts are integer cents; each {@code round} of
 * the rules is {@link Money}'s, applied once where the rule writes it.
 */
public final class Totals {

  /** A rung line: its prices as rung (not as the menu says now). Voided lines count nowhere. */
  public record Line(String id, long quantity, long unitPriceCents, long modifierCents, String taxGroupId,
                     boolean voided) {

    /** Rule 1: quantity times (unit price plus modifier prices). */
    public long amount() {
      return voided ? 0 : Math.multiplyExact(quantity, Math.addExact(unitPriceCents, modifierCents));
    }
  }

  /** A discount: on a line ({@code lineId}) or on the check (null); a percent or an amount, not both. */
  public record Discount(String id, String lineId, BigDecimal percent, Long amountCents) {
  }

  /** A service charge on the check: a percent or an amount; taxed in {@code taxGroupId} when that is not null. */
  public record ServiceCharge(String id, BigDecimal percent, Long amountCents, String taxGroupId) {
  }

  /** A tax group's rate in percent. */
  public record TaxRate(String taxGroupId, BigDecimal ratePercent) {
  }

  /** The computed money: per line, discount, service charge and tax group, and the check's totals. */
  public record Result(Map<String, Long> lineAmounts, Map<String, Long> discountAmounts,
                       Map<String, Long> serviceChargeAmounts, Map<String, Long> taxByGroup, long subtotalCents,
                       long discountTotalCents, long serviceChargeTotalCents, long taxTotalCents, long totalCents,
                       long paidCents, long balanceDueCents, long changeDueCents) {
  }

  private Totals() {
  }

  /**
   * @param taxInclusive the revenue center's prices include tax
   * @param paidCents approved and stored payments, without tips
   */
  public static Result compute(List<Line> lines, List<Discount> discounts, List<ServiceCharge> serviceCharges,
                               Map<String, TaxRate> rates, boolean taxInclusive, long paidCents) {
    // Rule 1: lines.
    Map<String, Long> lineAmounts = new LinkedHashMap<>();
    Map<String, Line> byId = new LinkedHashMap<>();
    long subtotal = 0;
    for (Line l : lines) {
      lineAmounts.put(l.id(), l.amount());
      byId.put(l.id(), l);
      subtotal = Math.addExact(subtotal, l.amount());
    }

    // Rule 2: item discounts; a line's discounts together never exceed its amount.
    Map<String, Long> discountAmounts = new LinkedHashMap<>();
    Map<String, Long> lineNet = new LinkedHashMap<>(lineAmounts);
    for (Discount d : discounts) {
      if (d.lineId() == null) {
        continue;
      }
      Line l = byId.get(d.lineId());
      long amount = l == null || l.voided() ? 0 : l.amount();
      long want = d.percent() != null ? Money.percentOf(amount, d.percent()) : Math.min(d.amountCents(), amount);
      long take = Math.min(Math.max(want, 0), lineNet.getOrDefault(d.lineId(), 0L));
      discountAmounts.put(d.id(), take);
      if (l != null) {
        lineNet.merge(d.lineId(), -take, Long::sum);
      }
    }

    // Rule 3: check discounts on the lines' net, together never above it; spread over the lines for tax.
    long base = 0;
    for (long n : lineNet.values()) {
      base += n;
    }
    long checkDiscounts = 0;
    for (Discount d : discounts) {
      if (d.lineId() != null) {
        continue;
      }
      long want = d.percent() != null ? Money.percentOf(base, d.percent()) : Math.min(d.amountCents(), base);
      long take = Math.min(Math.max(want, 0), base - checkDiscounts);
      discountAmounts.put(d.id(), take);
      checkDiscounts += take;
    }
    List<String> ids = new ArrayList<>(lineNet.keySet());
    long[] weights = new long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      weights[i] = lineNet.get(ids.get(i));
    }
    long[] shares = Money.spread(checkDiscounts, weights);
    for (int i = 0; i < ids.size(); i++) {
      lineNet.merge(ids.get(i), -shares[i], Long::sum);
    }
    long discountTotal = 0;
    for (long a : discountAmounts.values()) {
      discountTotal += a;
    }

    // Rule 4: service charges; percent ones on the net (subtotal less all discounts).
    long net = subtotal - discountTotal;
    Map<String, Long> scAmounts = new LinkedHashMap<>();
    long scTotal = 0;
    for (ServiceCharge s : serviceCharges) {
      long a = s.percent() != null ? Money.percentOf(net, s.percent()) : s.amountCents();
      scAmounts.put(s.id(), a);
      scTotal = Math.addExact(scTotal, a);
    }

    // Rule 5: tax per group on the net line amounts of its items plus its taxable service charges.
    Map<String, Long> taxBase = new LinkedHashMap<>();
    for (Line l : lines) {
      if (!l.voided() && l.taxGroupId() != null) {
        taxBase.merge(l.taxGroupId(), lineNet.get(l.id()), Long::sum);
      }
    }
    for (ServiceCharge s : serviceCharges) {
      if (s.taxGroupId() != null) {
        taxBase.merge(s.taxGroupId(), scAmounts.get(s.id()), Long::sum);
      }
    }
    Map<String, Long> taxByGroup = new LinkedHashMap<>();
    long taxTotal = 0;
    for (Map.Entry<String, Long> e : taxBase.entrySet()) {
      TaxRate r = rates.get(e.getKey());
      if (r == null) {
        continue; // a tax group no longer in the config: untaxed (the check logic refuses such items when rung)
      }
      long t = taxInclusive ? Money.includedTax(e.getValue(), r.ratePercent())
          : Money.percentOf(e.getValue(), r.ratePercent());
      taxByGroup.put(e.getKey(), t);
      taxTotal += t;
    }

    // Rule 6: totals.
    long total = subtotal - discountTotal + scTotal + (taxInclusive ? 0 : taxTotal);
    long balanceDue = Math.max(0, total - paidCents);
    long changeDue = Math.max(0, paidCents - total);
    return new Result(lineAmounts, discountAmounts, scAmounts, taxByGroup, subtotal, discountTotal, scTotal, taxTotal,
        total, paidCents, balanceDue, changeDue);
  }
}
