package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.caps.Actor;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.Posting;
import io.possync.core.caps.Requests;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud side of POS-API.md section 6's gift cards over real HTTP and PostgreSQL: a posted check debits the card
 * that paid once (whatever the host uploads again), the new balance syncs to every property of the enterprise, and
 * offline spends at two properties that together overdraw a card are both posted, the card kept negative and listed.
 */
class GiftCardDebitTest {

  static TestCloud cloud;
  static JsonObject northFile;
  static UUID north;
  static UUID south;
  static ServiceHostRegistry.Registration northHost;
  static ServiceHostRegistry.Registration southHost;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(GiftCardDebitTest.class, null);
    northFile = cloud.importProperty("Gift North");
    north = TestCloud.propertyId(northFile);
    south = TestCloud.propertyId(cloud.importProperty("Gift South"));
    northHost = cloud.register(north, "North office");
    southHost = cloud.register(south, "South office");
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  static String first(String sql) {
    try (Connection c = cloud.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The index-th active gift card of the enterprise as a whole (no property), from the north property's file. */
  static JsonObject enterpriseCard(int index) {
    return northFile.getJsonArray("giftCards").stream().map(JsonObject.class::cast)
        .filter(c -> c.getValue("propertyId") == null && "active".equals(c.getString("status")))
        .skip(index).findFirst().orElseThrow();
  }

  static long balance(String cardId) {
    return Long.parseLong(first("SELECT balance_cents FROM gift_cards WHERE id = '" + cardId + "'"));
  }

  static JsonObject full(ServiceHostRegistry.Registration host) {
    HttpResponse<String> r = cloud.get("/api/sync/config/full", host.token());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  static JsonObject syncedCard(JsonObject full, String cardId) {
    return full.getJsonArray("giftCards").stream().map(JsonObject.class::cast)
        .filter(c -> cardId.equals(c.getString("id"))).findFirst().orElseThrow();
  }

  /** A closed check of the property, one line, paid in full by the gift card (as the host's GiftCards adds it). */
  static Check paidByGiftCard(UUID property, ServiceHostRegistry.Registration host, JsonObject card, int number) {
    PosConfig config = PosAdminApiTest.config(full(host));
    String item = first("SELECT m.id FROM menu_items m WHERE m.property_id = '" + property + "' AND m.active "
        + "AND m.price_cents > 0 AND NOT EXISTS (SELECT 1 FROM menu_item_modifier_groups l JOIN modifier_groups mg "
        + "ON mg.id = l.modifier_group_id WHERE l.menu_item_id = m.id AND mg.min_select > 0) ORDER BY m.id LIMIT 1");
    String rvc = config.table("rvcs").values().stream().findFirst().orElseThrow().getString("id");
    String gift = config.table("tenders").values().stream().filter(t -> "gift_card".equals(t.getString("tenderType")))
        .findFirst().orElseThrow().getString("id");
    CheckRules rules = new CheckRules(config, () -> UUID.randomUUID().toString());
    Actor server = new Actor(UUID.randomUUID().toString(), Set.of(), first("SELECT id FROM workstations WHERE property_id = '"
        + property + "' AND active ORDER BY id LIMIT 1"));
    Instant now = Instant.now();
    Check c = rules.open(server, new Requests.OpenCheck(rvc, null, 1, null), UUID.randomUUID().toString(), number, now);
    c = rules.addLine(c, new Requests.AddLine(item, 1, List.of()));
    Check.Payment p = new Check.Payment(UUID.randomUUID().toString(), gift, "gift_card",
        c.totals().balanceDueCents(), 0, Check.APPROVED, card.getString("last4"), null, null, now,
        card.getString("id"));
    c = rules.close(c.change().payments(List.of(p)).done(), now);
    assertTrue(p.amountCents() > 0);
    return c;
  }

  static void upload(ServiceHostRegistry.Registration host, JsonObject... transactions) {
    HttpResponse<String> up = cloud.send("POST", "/api/sync/transactions", host.token(),
        new JsonObject().put("transactions", new JsonArray(List.of((Object[]) transactions))).encode());
    assertEquals(200, up.statusCode(), up.body());
    assertEquals(transactions.length, new JsonObject(up.body()).getJsonArray("accepted").size(),
        "stored, never refused: " + up.body());
  }

  static HttpResponse<String> overdrawn(String query) {
    return cloud.admin("GET", "/api/admin/gift-cards" + query, null);
  }

  @Test
  void aPostedCheckDebitsItsGiftCardOnceAndTheNewBalanceSyncsToEveryProperty() {
    JsonObject card = enterpriseCard(0);
    String cardId = card.getString("id");
    Check check = paidByGiftCard(north, northHost, card, 1);
    long amount = check.payments().get(0).amountCents();
    long before = amount + 1000;
    cloud.sql("UPDATE gift_cards SET balance_cents = " + before + " WHERE id = '" + cardId + "'");
    int northV0 = cloud.version(north);
    int southV0 = cloud.version(south);
    assertEquals(cardId, check.toJson().getJsonArray("payments").getJsonObject(0).getString("giftCardId"));

    upload(northHost, Posting.transaction(check));
    upload(northHost, Posting.transaction(check));
    // An edited copy (another amount on the gift card payment) changes nothing: the check was posted once.
    JsonObject edited = Posting.transaction(check);
    edited.getJsonObject("check").getJsonArray("payments").getJsonObject(0).put("amountCents", amount + 700);
    upload(northHost, edited);

    assertEquals(before - amount, balance(cardId), "debited once, by the first posting");
    // The debit is a config change of the enterprise: it reaches the other property too.
    assertTrue(cloud.version(north) > northV0, "north's version moves");
    assertTrue(cloud.version(south) > southV0, "south's version moves");
    HttpResponse<String> d = cloud.get("/api/sync/config/delta?since=" + southV0, southHost.token());
    assertEquals(200, d.statusCode(), d.body());
    List<JsonObject> changes = new JsonObject(d.body()).getJsonArray("changes").stream().map(JsonObject.class::cast)
        .filter(c -> cardId.equals(c.getString("entityId"))).toList();
    assertEquals(1, changes.size(), "one change of the card: " + d.body());
    assertEquals("gift_cards", changes.get(0).getString("entityType"));
    assertEquals(before - amount, changes.get(0).getJsonObject("data").getLong("balanceCents"));
    assertEquals(before - amount, syncedCard(full(southHost), cardId).getLong("balanceCents"));
    assertEquals(before - amount, syncedCard(full(northHost), cardId).getLong("balanceCents"));
  }

  @Test
  void offlineSpendsAtTwoPropertiesOverdrawACardAndBothArePostedAndTheCardIsListed() {
    JsonObject card = enterpriseCard(1);
    String cardId = card.getString("id");
    Check atNorth = paidByGiftCard(north, northHost, card, 11);
    Check atSouth = paidByGiftCard(south, southHost, card, 12);
    long a = atNorth.payments().get(0).amountCents();
    long b = atSouth.payments().get(0).amountCents();
    // Each host saw the whole balance and spent within it: together they overdraw the card by 100.
    long start = Math.max(a, b);
    assertTrue(a + b - start > 100, "two spends of " + a + " and " + b);
    cloud.sql("UPDATE gift_cards SET balance_cents = " + (a + b - 100) + " WHERE id = '" + cardId + "'");
    int southV0 = cloud.version(south);

    upload(northHost, Posting.transaction(atNorth));
    upload(southHost, Posting.transaction(atSouth));
    upload(southHost, Posting.transaction(atSouth));

    assertEquals(-100, balance(cardId), "both debits, the card kept below zero");
    assertEquals("2", first("SELECT count(*) FROM posted_checks WHERE id IN ('" + atNorth.id() + "', '"
        + atSouth.id() + "')"), "both checks posted");
    assertEquals(-100, syncedCard(full(southHost), cardId).getLong("balanceCents"));
    assertTrue(cloud.version(south) > southV0);

    String enterprise = card.getString("enterpriseId");
    for (String q : List.of("?overdrawn=true", "?overdrawn=true&enterpriseId=" + enterprise)) {
      HttpResponse<String> r = overdrawn(q);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      List<JsonObject> listed = new JsonObject(r.body()).getJsonArray("giftCards").stream()
          .map(JsonObject.class::cast).toList();
      assertTrue(listed.stream().allMatch(c -> c.getLong("balanceCents") < 0), r.body());
      JsonObject mine = listed.stream().filter(c -> cardId.equals(c.getString("id"))).findFirst()
          .orElseThrow(() -> new AssertionError("the overdrawn card is listed: " + r.body()));
      assertEquals(new JsonObject().put("id", cardId).put("last4", card.getString("last4"))
          .put("enterpriseId", enterprise).putNull("propertyId").put("balanceCents", -100), mine);
    }
    // Another enterprise's list holds none of these: an unknown one is 404.
    assertEquals(404, overdrawn("?overdrawn=true&enterpriseId=" + UUID.randomUUID()).statusCode());
  }

  @Test
  void aPaymentNamingACardItsHostMayNotSpendOrNoCardIsPostedAndDebitsNothing() {
    String southOnly = first("SELECT id FROM gift_cards WHERE property_id = '" + south + "' ORDER BY id LIMIT 1");
    long southBalance = balance(southOnly);
    JsonObject card = new JsonObject().put("id", southOnly).put("last4", "0000");
    Check other = paidByGiftCard(north, northHost, card, 21);
    Check odd = paidByGiftCard(north, northHost, card.copy().put("id", "not-a-card"), 22);
    upload(northHost, Posting.transaction(other), Posting.transaction(odd));
    assertEquals("2", first("SELECT count(*) FROM posted_checks WHERE id IN ('" + other.id() + "', '" + odd.id()
        + "')"), "both posted");
    assertEquals(southBalance, balance(southOnly), "another property's card is not the north host's to spend");
  }

  @Test
  void theOverdrawnListRefusesBadQueriesAndAnswersOnlyTheAdmin() {
    for (String q : List.of("", "?overdrawn=false", "?overdrawn=yes", "?overdrawn=true&enterpriseId=nope")) {
      HttpResponse<String> r = overdrawn(q);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      JsonObject e = new JsonObject(r.body());
      assertEquals(q.contains("enterpriseId") ? "enterpriseId" : "overdrawn", e.getString("field"), r.body());
      assertTrue(e.containsKey("error") && e.containsKey("message"), r.body());
    }
    assertEquals(401, cloud.get("/api/admin/gift-cards?overdrawn=true", null).statusCode());
    assertEquals(401, cloud.get("/api/admin/gift-cards?overdrawn=true", northHost.token()).statusCode());
  }
}
