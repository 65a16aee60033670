package io.possync.host.controllers.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.possync.core.caps.CheckRulesTestTables;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.host.cache.LocalCache;
import io.possync.host.cache.TransactionQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payments through a fake processor (a real HTTP server on loopback that counts each Idempotency-Key) over the
 * real SQLite cache file. Every test also checks that no log line holds the API key or a card's encryptedData.
 */
class PaymentsTest {

  static final String API_KEY = "sk_live_7d1f9e0c4b2a";
  static final String DINING = "00000000-0000-0000-0000-00000000d001";
  static final String BURGER = "00000000-0000-0000-0000-00000000b001";
  static final String RARE = "00000000-0000-0000-0000-00000000a101";
  static final String CASH = "00000000-0000-0000-0000-00000000c001";
  static final String GIFT = "00000000-0000-0000-0000-00000000c002";
  static final String CARD = "00000000-0000-0000-0000-00000000c009";
  static final String ENTERPRISE = "00000000-0000-0000-0000-0000000000e1";
  static final String PROPERTY = "00000000-0000-0000-0000-0000000000a1";
  static final String GIFT_ROW = "00000000-0000-0000-0000-0000000009c1";
  static final String GIFT_NUMBER = "6000123412341234";
  /** Burger 12.99 plus 10 % tax. */
  static final long TOTAL = 1429;

  FakeProcessor processor;
  Path file;
  Map<String, Map<String, JsonObject>> tables;
  final AtomicReference<PosConfig> config = new AtomicReference<>();
  int version = 1;
  PaymentHost host;
  final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  final List<String> secrets = new ArrayList<>(List.of(API_KEY));
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logs.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void setUp() throws Exception {
    Logger.getLogger("").addHandler(capture);
    processor = new FakeProcessor();
    processor.declines.add("0002");
    file = Files.createTempDirectory("possync-pay").resolve("cache.db");
    tables = CheckRulesTestTables.tables(1299);
    tables.put("properties", new HashMap<>(Map.of(PROPERTY, new JsonObject().put("id", PROPERTY)
        .put("enterpriseId", ENTERPRISE).put("timezone", "America/New_York").put("dayStartTime", "04:00:00")
        .put("currency", "USD").put("paymentCredentialRef", "harbor-main")
        .put(CardPayments.OFFLINE_LIMIT, 1000).put(CardPayments.OFFLINE_TOTAL_LIMIT, 2000))));
    tables.get("tenders").put(CARD, new JsonObject().put("id", CARD).put("name", "Visa/MC").put("tenderType",
        "credit").put("usesProcessor", true).put("allowsTip", true).put("active", true));
    giftCard(2000, "active", null);
    publish();
    host = new PaymentHost(file, processor.url(), config::get);
  }

  void giftCard(long balance, String status, String expiresOn) {
    tables.computeIfAbsent(GiftCards.TABLE, k -> new HashMap<>()).put(GIFT_ROW, new JsonObject().put("id", GIFT_ROW)
        .put("enterpriseId", ENTERPRISE).putNull("propertyId").put("numberHash", GiftCards.numberHash(GIFT_NUMBER))
        .put("last4", "1234").put("balanceCents", balance).put("status", status).put("expiresOn", expiresOn));
  }

  /** Applies the tables as a new synced configuration version. */
  void publish() {
    Map<String, Map<String, JsonObject>> copy = new HashMap<>();
    tables.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    config.set(new PosConfig(version++, k -> copy.getOrDefault(k, Map.of())));
  }

  @AfterEach
  void tearDown() {
    try {
      if (host != null) {
        host.close();
      }
      processor.close();
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
    for (LogRecord r : logs) {
      String text = r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown().toString());
      for (String s : secrets) {
        assertFalse(text.contains(s), "a log line holds a secret: " + text);
      }
    }
  }

  // ---- helpers ----

  String openCheck() {
    CheckService.Answer a = host.checks.open(host.call(null, null, new JsonObject().put("rvcId", DINING)
        .put("guestCount", 2))).await();
    String id = a.body().getString("id");
    host.checks.addLine(host.call(id, null, new JsonObject().put("menuItemId", BURGER)
        .put("modifierIds", new JsonArray().add(RARE)))).await();
    return id;
  }

  JsonObject card(String last4) {
    String data = "enc:" + java.util.UUID.randomUUID() + ":" + last4;
    secrets.add(data);
    return new JsonObject().put("encryptedData", data).put("last4", last4).put("brand", "VISA");
  }

  Future<CheckService.Answer> payCard(String checkId, long amount, long tip, JsonObject card) {
    return host.payments.add(host.call(checkId, null, new JsonObject().put("tenderId", CARD).put("amountCents", amount)
        .put("tipCents", tip).put("card", card)));
  }

  Future<CheckService.Answer> payGift(String checkId, long amount, String number) {
    return host.payments.add(host.call(checkId, null, new JsonObject().put("tenderId", GIFT)
        .put("amountCents", amount).put("giftCard", new JsonObject().put("number", number))));
  }

  static PossyncException failure(Future<?> f) {
    try {
      f.await();
    } catch (PossyncException e) {
      return e;
    } catch (Exception e) {
      fail("expected a PossyncException, got " + e);
    }
    return fail("expected a failure");
  }

  static JsonObject payment(CheckService.Answer a, int i) {
    return a.body().getJsonArray("payments").getJsonObject(i);
  }

  double meter(String name, String... tags) {
    var search = host.registry.find(name).tags(tags);
    if (search.counter() != null) {
      return search.counter().count();
    }
    return search.gauge() == null ? Double.NaN : search.gauge().value();
  }

  PaymentStore.Forward awaitSettled() throws InterruptedException {
    PaymentStore.Forward f = host.settled.poll(20, TimeUnit.SECONDS);
    assertNotNull(f, "no stored payment settled within 20 s; the processor saw " + processor.arrivals.size()
        + " requests (" + processor.requests + "), the store holds " + host.store.list(List.of(), false).await()
        .stream().map(x -> x.status() + "/" + x.attempts()).toList() + "; warnings: " + logs.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(r -> r.getMessage() + " " + r.getThrown()).toList());
    return f;
  }

  // ---- cards ----

  @Test
  void anApprovedCardPaysTheCheckWithItsTip() {
    String check = openCheck();
    CheckService.Answer a = payCard(check, TOTAL, 200, card("4242")).await();
    assertEquals(201, a.status());
    JsonObject p = payment(a, 0);
    assertEquals("approved", p.getString("status"));
    assertEquals("4242", p.getString("last4"));
    assertEquals(200L, p.getLong("tipCents"));
    assertNotNull(p.getString("authCode"));
    assertEquals(0L, a.body().getLong("balanceDueCents"));
    String key = p.getString("id");
    assertEquals(1, processor.requests(key), "the payment id is the Idempotency-Key");
    assertEquals(TOTAL + 200, processor.charged.get(key));
    assertEquals("Bearer " + API_KEY, processor.authorizations.get(0));
    JsonObject body = processor.bodies.get(0);
    assertEquals("USD", body.getString("currency"));
    assertEquals("VISA", body.getJsonObject("card").getString("brand"));
    assertEquals(1.0, meter("possync.payments", "tender_type", "credit", "result", "approved"));
  }

  @Test
  void aRepeatedRequestWithTheSameIdempotencyKeyAsksTheProcessorOnce() {
    String check = openCheck();
    JsonObject body = new JsonObject().put("tenderId", CARD).put("amountCents", 700).put("card", card("4242"));
    CheckService.Answer first = host.payments.add(host.call(check, "pay-1", body)).await();
    CheckService.Answer again = host.payments.add(host.call(check, "pay-1", body.copy())).await();
    assertEquals(first.body(), again.body());
    assertEquals(1, processor.requests.size());
    assertEquals(1, host.checks.get(check).await().payments().size());
  }

  @Test
  void everyPaymentMeterHasHelpText() {
    payCard(openCheck(), 100, 0, card("4242")).await();
    host.registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("possync.payments"))
        .forEach(m -> assertNotNull(m.getId().getDescription(), m.getId().getName()));
    assertTrue(host.registry.getMeters().size() >= 6);
  }

  @Test
  void aDeclinedCardIs402AndAddsNothing() {
    String check = openCheck();
    PossyncException e = failure(payCard(check, TOTAL, 0, card("0002")));
    assertEquals(ErrorCode.CARD_DECLINED, e.code());
    assertTrue(host.checks.get(check).await().payments().isEmpty());
    assertEquals(1.0, meter("possync.payments", "tender_type", "credit", "result", "declined"));
  }

  @Test
  void aCardAboveTheBalanceDueIs400AndReachesNoProcessor() {
    String check = openCheck();
    PossyncException e = failure(payCard(check, TOTAL + 1, 0, card("4242")));
    assertEquals(ErrorCode.INVALID, e.code());
    assertEquals("amountCents", ((ValidationException) e).field());
    assertTrue(processor.requests.isEmpty());
    PossyncException tip = failure(host.payments.add(host.call(check, null, new JsonObject().put("tenderId", CASH)
        .put("amountCents", 100).put("tipCents", 5))));
    assertEquals("tipCents", ((ValidationException) tip).field(), "cash takes no tips here");
  }

  @Test
  void processorDownStoresWithinEachLimitAndRefusesBeyond() throws Exception {
    processor.mode = FakeProcessor.Mode.DOWN;
    String c1 = openCheck();
    JsonObject p1 = payment(payCard(c1, 500, 0, card("4242")).await(), 0);
    assertEquals("stored", p1.getString("status"));
    assertNull(p1.getString("authCode"));
    String c2 = openCheck();
    PossyncException perPayment = failure(payCard(c2, 1001, 0, card("4242")));
    assertEquals(ErrorCode.OFFLINE_LIMIT, perPayment.code(), "above offlineCardLimitCents");
    assertEquals("stored", payment(payCard(c2, 900, 100, card("5555")).await(), 0).getString("status"));
    String c3 = openCheck();
    PossyncException total = failure(payCard(c3, 600, 0, card("4242")));
    assertEquals(ErrorCode.OFFLINE_LIMIT, total.code(), "1500 stored + 600 is above offlineCardTotalLimitCents");
    assertEquals(2.0, meter("possync.payments.stored"));
    assertEquals(1500.0, meter("possync.payments.stored.amount.cents"));
    assertTrue(meter("possync.payments.forward.failures") >= 1);
    assertEquals(2.0, meter("possync.payments", "tender_type", "credit", "result", "offline_limit"));
    assertTrue(host.checks.get(c3).await().payments().isEmpty());
    // a property without offline limits (0) takes no offline card at all
    tables.get("properties").get(PROPERTY).put(CardPayments.OFFLINE_LIMIT, 0);
    publish();
    assertEquals(ErrorCode.OFFLINE_LIMIT, failure(payCard(c3, 1, 0, card("4242"))).code());
  }

  @Test
  void processorBackForwardsOldestFirstOnceAndErasesTheCard() throws Exception {
    processor.mode = FakeProcessor.Mode.DOWN;
    String c1 = openCheck();
    JsonObject card1 = card("4242");
    String id1 = payment(payCard(c1, 500, 0, card1).await(), 0).getString("id");
    String c2 = openCheck();
    JsonObject card2 = card("5555");
    String id2 = payment(payCard(c2, 700, 0, card2).await(), 0).getString("id");
    // while stored: the card is sealed in the file, never in clear
    List<byte[]> sealed = sealedSecrets();
    assertEquals(2, sealed.size());
    assertNoTrace(card1.getString("encryptedData"));
    processor.mode = FakeProcessor.Mode.ANSWER;
    assertEquals(id1, awaitSettled().id(), "oldest first");
    assertEquals(id2, awaitSettled().id());
    assertEquals(List.of(id1, id2), processor.order);
    assertEquals(500L, processor.charged.get(id1));
    assertEquals(700L, processor.charged.get(id2));
    assertEquals(2, processor.charged.size(), "each charged once");
    JsonObject p = host.checks.get(c1).await().toJson().getJsonArray("payments").getJsonObject(0);
    assertEquals("approved", p.getString("status"));
    assertNotNull(p.getString("authCode"));
    assertEquals(0.0, meter("possync.payments.stored"));
    assertEquals(0.0, meter("possync.payments.stored.oldest.age.seconds"));
    // after forwarding: no trace of either card, in clear or sealed, in the file, its WAL, or any opened row
    assertTrue(sealedSecrets().isEmpty());
    for (JsonObject c : List.of(card1, card2)) {
      assertNoTrace(c.getString("encryptedData"));
    }
    for (byte[] s : sealed) {
      assertNoBytes(s); // not even sealed
    }
    for (PaymentStore.Forward f : host.store.list(List.of(), true).await()) {
      assertNull(f.encryptedData());
      assertFalse(f.payload().encode().contains("enc:"));
    }
    assertFalse(host.checks.get(c1).await().toJson().encode().contains("enc:"));
  }

  @Test
  void aHostKilledDuringForwardingForwardsAgainWithTheSameKeyAndIsChargedOnce() throws Exception {
    processor.mode = FakeProcessor.Mode.DOWN;
    String c1 = openCheck();
    String id = payment(payCard(c1, 800, 0, card("4242")).await(), 0).getString("id");
    // the processor takes the next call and charges, but its answer never comes back: the host dies meanwhile
    processor.arrivals.clear();
    processor.mode = FakeProcessor.Mode.HOLD;
    assertEquals(id, processor.awaitRequest());
    assertEquals(PaymentStore.FORWARDING, host.store.list(List.of(), false).await().get(0).status(),
        "the intent was written before the call");
    host.kill(); // a crash: this instance is abandoned mid-forward; a new one starts on the same file
    host = null;
    processor.mode = FakeProcessor.Mode.ANSWER;
    host = new PaymentHost(file, processor.url(), config::get);
    assertEquals(id, awaitSettled().id());
    assertEquals(2, processor.requests(id), "asked again under the same Idempotency-Key");
    assertEquals(Map.of(id, 800L), processor.charged, "and charged once");
    assertEquals("approved", host.checks.get(c1).await().payments().get(0).status());
    assertNull(host.store.list(List.of(), true).await().get(0).encryptedData());
  }

  @Test
  void aHostKilledDuringALiveCardCallFindsTheChargeOnNoCheckAndListsItForARefund() throws Exception {
    String c1 = openCheck();
    processor.mode = FakeProcessor.Mode.HOLD; // the processor charges, the answer never comes back
    payCard(c1, 900, 0, card("4242"));
    String id = processor.awaitRequest();
    host.kill(); // a crash during the live call: a new host starts on the same file
    host = null;
    processor.mode = FakeProcessor.Mode.ANSWER;
    host = new PaymentHost(file, processor.url(), config::get);
    PaymentStore.Forward f = awaitSettled();
    assertEquals(id, f.id());
    assertEquals(PaymentStore.ORPHANED, f.status());
    assertEquals(2, processor.requests(id), "asked again under the same key");
    assertEquals(Map.of(id, 900L), processor.charged, "charged once");
    assertTrue(host.checks.get(c1).await().payments().isEmpty(), "never added to the check behind the cashier");
    JsonArray listed = host.payments.list(PaymentStore.ORPHANED).await().getJsonArray(PaymentService.PAYMENTS);
    assertEquals(id, listed.getJsonObject(0).getString("id"));
    assertTrue(logs.stream().anyMatch(r -> r.getLevel() == Level.SEVERE && r.getMessage().contains(id)));
    assertTrue(sealedSecrets().isEmpty());
  }

  @Test
  void anUnreadableProcessorAnswerKeepsTheIntentAndAnApprovalFoundLaterIsOrphanedNotLost() throws Exception {
    String c1 = openCheck();
    processor.garbage.set(1); // the processor decides (and charges), but its answer cannot be read
    PossyncException e = failure(payCard(c1, 900, 0, card("4242")));
    assertEquals(ErrorCode.BUSY, e.code(), "the outcome is unknown: 503, not a decline");
    String id = e.details().getString(CardPayments.PAYMENT_ID);
    assertNotNull(id, "the answer names the payment: " + e.details());
    PaymentStore.Forward f = awaitSettled(); // asked again under the same key, without a new payment
    assertEquals(id, f.id());
    assertEquals(PaymentStore.ORPHANED, f.status());
    assertEquals(2, processor.requests(id), "asked again under the same Idempotency-Key");
    assertEquals(Map.of(id, 900L), processor.charged, "charged once");
    assertTrue(host.checks.get(c1).await().payments().isEmpty(), "never added to the check behind the cashier");
    assertTrue(logs.stream().anyMatch(r -> r.getLevel() == Level.SEVERE && r.getMessage().contains(id)));
    assertTrue(sealedSecrets().isEmpty());
  }

  @Test
  void aLiveDeclineAndAnOfflineRefusalKeepNoCard() throws Exception {
    String c1 = openCheck();
    failure(payCard(c1, 100, 0, card("0002")));
    processor.mode = FakeProcessor.Mode.DOWN;
    failure(payCard(c1, 1001, 0, card("4242")));
    assertTrue(sealedSecrets().isEmpty());
    assertTrue(host.store.list(List.of(), false).await().isEmpty());
  }

  @Test
  void aStoredPaymentWhoseCheckNeverCommittedIsDroppedAtStartAndNeverSent() throws Exception {
    String c1 = openCheck();
    // what a crash between the two writes leaves: the row, but no payment on the check
    host.store.add("00000000-0000-0000-0000-00000000dead", c1, new JsonObject().put(PaymentStore.AMOUNT, 100),
        "enc:orphan", java.time.Instant.now()).await();
    host.close();
    host = new PaymentHost(file, processor.url(), config::get);
    assertTrue(host.store.list(List.of(), false).await().isEmpty());
    assertTrue(processor.requests.isEmpty());
  }

  @Test
  void aDeclineAfterForwardingIsMarkedListedAndAlerted() throws Exception {
    processor.mode = FakeProcessor.Mode.DOWN;
    String c1 = openCheck();
    String id = payment(payCard(c1, 600, 0, card("0002")).await(), 0).getString("id");
    processor.mode = FakeProcessor.Mode.ANSWER;
    assertEquals(id, awaitSettled().id());
    assertEquals("declined", host.checks.get(c1).await().payments().get(0).status());
    assertEquals(TOTAL, host.checks.get(c1).await().totals().balanceDueCents(), "a declined payment pays nothing");
    JsonArray listed = host.payments.list("declined").await().getJsonArray(PaymentService.PAYMENTS);
    assertEquals(1, listed.size());
    assertEquals(id, listed.getJsonObject(0).getString("id"));
    assertEquals(c1, listed.getJsonObject(0).getString("checkId"));
    assertEquals("0002", listed.getJsonObject(0).getString("last4"));
    assertEquals(1.0, meter("possync.payments.declined.after.forward"));
    long alerts = logs.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
        && r.getMessage().contains("DECLINED") && r.getMessage().contains(id)).count();
    assertEquals(1, alerts, "one alert line");
    assertTrue(processor.charged.isEmpty());
  }

  // ---- cash ----

  @Test
  void cashGivesChangeAndKicksTheDrawerOfTheWorkstation() {
    String check = openCheck();
    CheckService.Answer a = host.payments.add(host.call(check, null, new JsonObject().put("tenderId", CASH)
        .put("amountCents", 2000))).await();
    assertEquals(571L, a.body().getLong("changeDueCents"));
    assertEquals(List.of("ws-7"), host.kicks);
    payCard(openCheck(), 100, 0, card("4242")).await();
    assertEquals(1, host.kicks.size(), "a card opens no drawer");
  }

  // ---- gift cards ----

  @Test
  void aGiftCardSpendsKeepsOnlyLast4AndTwoOfflineSpendsShareTheCachedBalance() {
    String c1 = openCheck();
    JsonObject p = payment(payGift(c1, 1200, GIFT_NUMBER).await(), 0);
    assertEquals("approved", p.getString("status"));
    assertEquals("1234", p.getString("last4"));
    assertEquals(GIFT_ROW, p.getString("giftCardId"), "the cloud debits this card when the check is posted");
    assertEquals(GIFT_ROW, host.checks.get(c1).await().toJson().getJsonArray("payments").getJsonObject(0)
        .getString("giftCardId"), "kept on the check the host posts");
    assertFalse(host.checks.get(c1).await().toJson().encode().contains(GIFT_NUMBER), "the number is not kept");
    String c2 = openCheck();
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, failure(payGift(c2, 801, GIFT_NUMBER)).code(),
        "2000 synced less this host's 1200");
    assertEquals("approved", payment(payGift(c2, 800, GIFT_NUMBER).await(), 0).getString("status"),
        "two offline spends on one card within the cached balance");
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, failure(payGift(openCheck(), 1, GIFT_NUMBER)).code());
    assertEquals(2, host.gifts.debits().await().size());
  }

  @Test
  void twoSpendsAtOnceCannotBothPassOnOneBalance() {
    String c1 = openCheck();
    String c2 = openCheck();
    Future<CheckService.Answer> a = payGift(c1, 1200, GIFT_NUMBER);
    Future<CheckService.Answer> b = payGift(c2, 1200, GIFT_NUMBER);
    Future.join(a, b).otherwiseEmpty().await();
    assertEquals(1, (a.succeeded() ? 1 : 0) + (b.succeeded() ? 1 : 0));
    PossyncException refused = (PossyncException) (a.failed() ? a.cause() : b.cause());
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, refused.code());
  }

  @Test
  void unknownExpiredOrFrozenCardsAre404() {
    String c = openCheck();
    assertEquals(ErrorCode.GIFT_CARD_NOT_FOUND, failure(payGift(c, 100, "9999000011112222")).code());
    giftCard(2000, "active", "2020-01-01");
    publish();
    assertEquals(ErrorCode.GIFT_CARD_NOT_FOUND, failure(payGift(c, 100, GIFT_NUMBER)).code());
    giftCard(2000, "frozen", null);
    publish();
    assertEquals(ErrorCode.GIFT_CARD_NOT_FOUND, failure(payGift(c, 100, GIFT_NUMBER)).code());
  }

  @Test
  void aDebitStopsCountingOnlyOnceASyncAfterItsPostingWasAccepted() {
    String c1 = openCheck();
    payGift(c1, TOTAL, GIFT_NUMBER).await();
    host.checks.close(host.call(c1, null, new JsonObject())).await(); // queued for the cloud
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, failure(payGift(openCheck(), 600, GIFT_NUMBER)).code());
    // a sync that does not reflect it yet (the cloud has not accepted the check): still counted
    publish();
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, failure(payGift(openCheck(), 600, GIFT_NUMBER)).code());
    // the cloud accepts the check (and debits the card in that transaction)
    new TransactionQueue(host.cache, Clock.systemUTC()).markUploaded(List.of(c1)).await();
    assertEquals(ErrorCode.INSUFFICIENT_BALANCE, failure(payGift(openCheck(), 600, GIFT_NUMBER)).code(),
        "accepted, but no version synced since");
    giftCard(2000 - TOTAL, "active", null);
    publish(); // the synced balance now carries the debit
    assertEquals("approved", payment(payGift(openCheck(), 2000 - TOTAL, GIFT_NUMBER).await(), 0)
        .getString("status"));
  }

  // ---- helpers reading the raw file ----

  /** The sealed card data of every stored row, as the file holds it. */
  List<byte[]> sealedSecrets() {
    List<byte[]> out = new ArrayList<>();
    for (Row r : host.cache.pool().query("SELECT secret FROM card_secrets").execute()
        .await()) {
      out.add(LocalCache.bytes(r, 0));
    }
    return out;
  }

  void assertNoTrace(String text) throws Exception {
    assertNoBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  void assertNoBytes(byte[] needle) throws Exception {
    for (Path p : List.of(file, Path.of(file + "-wal"), Path.of(file + "-journal"))) {
      if (Files.exists(p)) {
        byte[] hay = Files.readAllBytes(p);
        assertFalse(indexOf(hay, needle) >= 0, p.getFileName() + " holds a trace of the card");
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
