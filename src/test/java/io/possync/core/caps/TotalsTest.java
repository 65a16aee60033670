package io.possync.core.caps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.core.caps.Totals.Discount;
import io.possync.core.caps.Totals.Line;
import io.possync.core.caps.Totals.Result;
import io.possync.core.caps.Totals.ServiceCharge;
import io.possync.core.caps.Totals.TaxRate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of POS-API.md section 4, each total derived by hand in a comment. */
class TotalsTest {

  static final Map<String, TaxRate> RATES = Map.of(
      "food", new TaxRate("food", new BigDecimal("8.875")),
      "food10", new TaxRate("food10", new BigDecimal("10")),
      "alcohol", new TaxRate("alcohol", new BigDecimal("20")));

  static Line line(String id, long qty, long unit, long mods, String tax) {
    return new Line(id, qty, unit, mods, tax, false);
  }

  @Test
  void exclusiveRevenueCenterAddsTaxOnTop() {
    // burger: 2 x (1299 + 150 cheese) = 2898; fries: 1 x 499 = 499; subtotal 3397
    // tax 8.875%: 3397 * 8.875 / 100 = 301.48375 -> 301; total 3397 + 301 = 3698
    Result r = Totals.compute(List.of(line("burger", 2, 1299, 150, "food"), line("fries", 1, 499, 0, "food")),
        List.of(), List.of(), RATES, false, 0);
    assertEquals(2898, r.lineAmounts().get("burger"));
    assertEquals(3397, r.subtotalCents());
    assertEquals(301, r.taxTotalCents());
    assertEquals(3698, r.totalCents());
    assertEquals(3698, r.balanceDueCents());
  }

  @Test
  void inclusiveRevenueCenterShowsTheTaxInsideThePrice() {
    // pint 1 x 1000 at 20% included: 1000 * 20 / 120 = 166.67 -> 167 of tax inside; total stays 1000
    Result r = Totals.compute(List.of(line("pint", 1, 1000, 0, "alcohol")), List.of(), List.of(), RATES, true, 0);
    assertEquals(167, r.taxTotalCents());
    assertEquals(1000, r.totalCents());
  }

  @Test
  void itemPercentAndAmountDiscounts() {
    // wings 3 x 333 = 999, 10% off: 99.9 -> 100; salad 1 x 450, 500 off: min(500, 450) = 450
    // subtotal 1449, discounts 550, net 899: food10 tax on 899 (wings 899, salad 0) = 89.9 -> 90; total 899 + 90 = 989
    Result r = Totals.compute(List.of(line("wings", 3, 333, 0, "food10"), line("salad", 1, 450, 0, "food10")),
        List.of(new Discount("d1", "wings", new BigDecimal("10"), null), new Discount("d2", "salad", null, 500L)),
        List.of(), RATES, false, 0);
    assertEquals(100, r.discountAmounts().get("d1"));
    assertEquals(450, r.discountAmounts().get("d2"));
    assertEquals(550, r.discountTotalCents());
    assertEquals(90, r.taxTotalCents());
    assertEquals(989, r.totalCents());
  }

  @Test
  void checkDiscountIsSpreadOverTwoTaxGroupsByLargestRemainder() {
    // steak 1000 (food10), cake 500 (food10), wine 1500 (alcohol 20%); subtotal 3000; check discount 100 off
    // shares of 100 by net 1000/500/1500 of 3000: 33.33 / 16.67 / 50 -> floors 33, 16, 50 = 99, one cent left:
    // remainders 100000 mod 3000 = 1000, 50000 mod 3000 = 2000, 150000 mod 3000 = 0 -> cake gets it: 33, 17, 50
    // food10 base (1000 - 33) + (500 - 17) = 1450 -> 145.0 = 145; alcohol base 1500 - 50 = 1450 -> 290
    // total 3000 - 100 + 435 = 3335
    Result r = Totals.compute(
        List.of(line("steak", 1, 1000, 0, "food10"), line("cake", 1, 500, 0, "food10"),
            line("wine", 1, 1500, 0, "alcohol")),
        List.of(new Discount("d", null, null, 100L)), List.of(), RATES, false, 0);
    assertEquals(145, r.taxByGroup().get("food10"));
    assertEquals(290, r.taxByGroup().get("alcohol"));
    assertEquals(3335, r.totalCents());
  }

  @Test
  void spreadGivesTiesToTheEarlierLine() {
    // 100 over three equal weights: 33 each, remainders equal, the first line takes the cent
    assertArrayEquals(new long[] {34, 33, 33}, Money.spread(100, new long[] {1000, 1000, 1000}));
    assertArrayEquals(new long[] {67, 33}, Money.spread(100, new long[] {1000, 500}));
    assertArrayEquals(new long[] {0, 0}, Money.spread(0, new long[] {1, 2}));
  }

  @Test
  void roundingIsHalfAwayFromZero() {
    assertEquals(13, Money.percentOf(125, BigDecimal.TEN)); // 12.5 -> 13
    assertEquals(-13, Money.percentOf(-125, BigDecimal.TEN)); // -12.5 -> -13
    assertEquals(12, Money.percentOf(124, BigDecimal.TEN)); // 12.4 -> 12
    assertEquals(1, Money.roundDiv(new BigDecimal("1"), new BigDecimal("2"))); // 0.5 -> 1
  }

  @Test
  void taxableServiceChargeIsTaxedInItsGroup() {
    // dinner for 6: 5000 (food10); 18% gratuity on the net 5000 = 900, taxable in food10
    // tax on 5000 + 900 = 5900 -> 590; total 5000 + 900 + 590 = 6490
    Result r = Totals.compute(List.of(line("dinner", 1, 5000, 0, "food10")), List.of(),
        List.of(new ServiceCharge("grat", new BigDecimal("18"), null, "food10")), RATES, false, 0);
    assertEquals(900, r.serviceChargeAmounts().get("grat"));
    assertEquals(590, r.taxTotalCents());
    assertEquals(6490, r.totalCents());
  }

  @Test
  void percentServiceChargeIsOnTheNetAfterAllDiscounts() {
    // 2000 (food10) less a 10% check discount = 200 -> net 1800; 10% untaxed service charge = 180
    // tax on 1800 = 180; total 2000 - 200 + 180 + 180 = 2160
    Result r = Totals.compute(List.of(line("a", 1, 2000, 0, "food10")),
        List.of(new Discount("d", null, BigDecimal.TEN, null)),
        List.of(new ServiceCharge("sc", BigDecimal.TEN, null, null)), RATES, false, 0);
    assertEquals(180, r.serviceChargeTotalCents());
    assertEquals(2160, r.totalCents());
  }

  @Test
  void cashOverTheBalanceGivesChange() {
    // total 3698 (the first example), 4000 cash: nothing due, 302 change
    Result r = Totals.compute(List.of(line("burger", 2, 1299, 150, "food"), line("fries", 1, 499, 0, "food")),
        List.of(), List.of(), RATES, false, 4000);
    assertEquals(0, r.balanceDueCents());
    assertEquals(302, r.changeDueCents());
  }

  @Test
  void voidedLinesCountNowhere() {
    // fries voided: only the burger's 2898 counts; its tax 2898 * 8.875% = 257.1975 -> 257
    Result r = Totals.compute(List.of(line("burger", 2, 1299, 150, "food"),
            new Line("fries", 1, 499, 0, "food", true)),
        List.of(new Discount("d", "fries", null, 100L)), List.of(), RATES, false, 0);
    assertEquals(2898, r.subtotalCents());
    assertEquals(0, r.discountAmounts().get("d"));
    assertEquals(257, r.taxTotalCents());
  }
}
