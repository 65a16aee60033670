package io.possync.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.ValidationException;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The check rules on a small hand-made configuration: one behaviour per test. */
class CheckRulesTest {

  static final String DINING = CheckRulesTestTables.DINING;
  static final String BURGER = CheckRulesTestTables.BURGER;
  static final String TEMP = CheckRulesTestTables.TEMP;
  static final String RARE = CheckRulesTestTables.RARE;
  static final String WELL = CheckRulesTestTables.WELL;
  static final String BACON = CheckRulesTestTables.BACON;
  static final String CASH = CheckRulesTestTables.CASH;
  static final String OTHER = CheckRulesTestTables.OTHER;
  static final String COMP = CheckRulesTestTables.COMP;

  final AtomicInteger seq = new AtomicInteger();
  CheckRules rules = rules(1299);
  final Actor server = new Actor("emp", Set.of(), "ws");
  final Actor manager = new Actor("mgr", Set.of(Actor.VOID_ITEM, Actor.VOID_CHECK, "comp_item"), "ws");
  // 2026-11-26 17:00 in New York (UTC-5)
  final Instant evening = Instant.parse("2026-11-26T22:00:00Z");

  CheckRules rules(long burgerPrice) {
    return new CheckRules(CheckRulesTestTables.config(CheckRulesTestTables.tables(burgerPrice)),
        () -> String.format("00000000-0000-0000-0000-%012d", seq.incrementAndGet()));
  }

  Check open(int guests) {
    return rules.open(server, new Requests.OpenCheck(DINING, null, guests, "T1"), "check-1", 1, evening);
  }

  Check burger(Check c, String... mods) {
    return rules.addLine(c, new Requests.AddLine(BURGER, 1, List.of(mods)));
  }

  static PossyncException failure(ErrorCode code, Runnable r) {
    PossyncException e = assertThrows(PossyncException.class, r::run);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  @Test
  void businessDateBeforeDayStartIsThePreviousDay() {
    // 02:30 in New York on the 27th (07:30 UTC) belongs to the 26th; 04:00 belongs to the 27th
    Check late = rules.open(server, new Requests.OpenCheck(DINING, null, 2, null), "c", 1,
        Instant.parse("2026-11-27T07:30:00Z"));
    assertEquals(LocalDate.parse("2026-11-26"), late.businessDate());
    assertEquals(LocalDate.parse("2026-11-27"), rules.businessDate(Instant.parse("2026-11-27T09:00:00Z")));
  }

  @Test
  void autoGratuityAppearsAtItsGuestCount() {
    assertTrue(open(5).serviceCharges().isEmpty());
    Check six = burger(open(6), RARE);
    assertEquals(1, six.serviceCharges().size());
    assertTrue(six.serviceCharges().get(0).auto());
    // 1299 burger; 18% of 1299 = 233.82 -> 234 (untaxed); tax 10% of 1299 = 129.9 -> 130; total 1299 + 234 + 130
    assertEquals(1663, six.totals().totalCents());
  }

  @Test
  void aLineKeepsThePriceItWasRungWith() {
    Check c = burger(open(2), RARE);
    rules = rules(1599); // a price change synced mid-check
    c = burger(c, WELL, BACON);
    assertEquals(1299, c.lines().get(0).unitPriceCents());
    assertEquals(1599, c.lines().get(1).unitPriceCents());
    // 1299 + (1599 + 150) = 3048
    assertEquals(3048, c.totals().subtotalCents());
  }

  @Test
  void modifierGroupCountsAreEnforcedNamingTheGroup() {
    PossyncException none = failure(ErrorCode.MODIFIER_RULE, () -> burger(open(2)));
    assertEquals(TEMP, none.details().getString(CheckRules.MODIFIER_GROUP_ID));
    PossyncException two = failure(ErrorCode.MODIFIER_RULE, () -> burger(open(2), RARE, WELL));
    assertEquals("Temperature", two.details().getString(CheckRules.MODIFIER_GROUP));
    failure(ErrorCode.MODIFIER_RULE, () -> burger(open(2), RARE, BACON, BACON, BACON));
  }

  @Test
  void anUnknownItemIsA400NamingTheField() {
    ValidationException e = assertThrows(ValidationException.class, () -> rules.addLine(open(2),
        new Requests.AddLine("00000000-0000-0000-0000-000000000bad", 1, List.of())));
    assertEquals("menuItemId", e.field());
  }

  @Test
  void privilegeGatedCallsNameTheMissingPrivilege() {
    Check c = burger(open(2), RARE);
    String line = c.lines().get(0).id();
    PossyncException e = failure(ErrorCode.MISSING_PRIVILEGE,
        () -> rules.voidLine(server, c, line, new Requests.Reason("wrong")));
    assertEquals(Actor.VOID_ITEM, e.details().getString(Actor.PRIVILEGE));
    assertEquals("comp_item", failure(ErrorCode.MISSING_PRIVILEGE,
        () -> rules.addDiscount(server, c, new Requests.AddDiscount(COMP, line))).details().getString(Actor.PRIVILEGE));
    assertEquals(0, rules.addDiscount(manager, c, new Requests.AddDiscount(COMP, line)).totals().totalCents());
  }

  @Test
  void aClosedCheckTakesNoWrites() {
    Check c = burger(open(2), RARE);
    // 1299 + 130 tax = 1429
    c = rules.addLocalPayment(c, new Requests.AddPayment(CASH, 2000, 0, null, null), evening);
    assertEquals(571, c.totals().changeDueCents());
    Check closed = rules.close(c, evening);
    assertEquals(Check.CLOSED, closed.status());
    assertEquals(Check.SENT, closed.lines().get(0).status(), "closing sends what was pending");
    failure(ErrorCode.CHECK_CLOSED, () -> burger(closed, RARE));
  }

  @Test
  void aCheckWithABalanceDueDoesNotClose() {
    Check c = burger(open(2), RARE);
    assertEquals(1429, failure(ErrorCode.BALANCE_DUE, () -> rules.close(c, evening)).details()
        .getLong("balanceDueCents"));
  }

  @Test
  void onlyCashGivesChange() {
    Check c = burger(open(2), RARE);
    ValidationException e = assertThrows(ValidationException.class,
        () -> rules.addLocalPayment(c, new Requests.AddPayment(OTHER, 1430, 0, null, null), evening));
    assertEquals("amountCents", e.field());
    assertEquals("tipCents", assertThrows(ValidationException.class,
        () -> rules.addLocalPayment(c, new Requests.AddPayment(CASH, 100, 50, null, null), evening)).field());
  }

  @Test
  void aCheckWithPaymentsIsNotVoided() {
    Check paid = rules.addLocalPayment(burger(open(2), RARE), new Requests.AddPayment(CASH, 100, 0, null, null),
        evening);
    failure(ErrorCode.HAS_PAYMENTS, () -> rules.voidCheck(manager, paid, new Requests.Reason("walkout"), evening));
    Check voided = rules.voidCheck(manager, burger(open(2), RARE), new Requests.Reason("test"), evening);
    assertEquals(Check.VOIDED, voided.status());
    assertEquals(0, voided.totals().totalCents());
  }

  @Test
  void sendingTwiceChangesNothing() {
    Check sent = rules.send(burger(open(2), RARE));
    assertSame(sent, rules.send(sent));
  }

  @Test
  void theStoredFormReadsBackToTheSameCheck() {
    Check c = burger(burger(open(6), RARE), WELL, BACON);
    c = rules.addDiscount(manager, c, new Requests.AddDiscount(COMP, c.lines().get(0).id()));
    c = rules.addLocalPayment(c, new Requests.AddPayment(CASH, 500, 0, null, null), evening);
    assertEquals(c, Check.fromJson(c.toJson()));
    assertEquals(c.toJson(), Check.fromJson(c.toJson()).toJson());
  }

  @Test
  void aCheckHoldsABoundedNumberOfLines() {
    Check c = open(2);
    for (int i = 0; i < CheckRules.MAX_LINES; i++) {
      c = rules.addLine(c, new Requests.AddLine(BURGER, 1, List.of(RARE)));
    }
    Check full = c;
    failure(ErrorCode.CONFLICT, () -> rules.addLine(full, new Requests.AddLine(BURGER, 1, List.of(RARE))));
  }

  @Test
  void aServiceChargeNotMarkedTaxableIsUntaxedEvenWithATaxGroup() {
    java.util.Map<String, java.util.Map<String, JsonObject>> t = CheckRulesTestTables.tables(1299);
    CheckRulesTestTables.put(t, "service_charges", new JsonObject().put("id", "sc-taxed").put("name", "Delivery")
        .put("amountCents", 400).put("taxable", true).put("taxGroupId", CheckRulesTestTables.FOOD).put("active", true));
    CheckRulesTestTables.put(t, "service_charges", new JsonObject().put("id", "sc-untaxed").put("name", "Corkage")
        .put("amountCents", 400).put("taxable", false).put("taxGroupId", CheckRulesTestTables.FOOD)
        .put("active", true));
    rules = new CheckRules(CheckRulesTestTables.config(t), () -> java.util.UUID.randomUUID().toString());
    Check c = burger(open(2), RARE);
    // burger 1299 + delivery 400 taxed as food: 10% of 1699 = 169.9 -> 170
    Check taxed = rules.addServiceCharge(c, new Requests.AddServiceCharge("sc-taxed"));
    assertEquals(170, taxed.totals().taxTotalCents());
    // burger 1299 + corkage 400 not taxable: 10% of 1299 = 129.9 -> 130
    Check untaxed = rules.addServiceCharge(c, new Requests.AddServiceCharge("sc-untaxed"));
    assertEquals(130, untaxed.totals().taxTotalCents());
  }
}
