package io.possync.host.controllers.payment;

import io.vertx.core.Future;

/**
 * A card processor (POS-API.md section 6). Every call carries the payment id as its idempotency key, so asking again
 * about the same payment never charges twice. The future fails with {@link UnreachableException} when the processor
 * did not answer (refused, timeout, 5xx): the payment may be stored and forwarded later.
 */
public interface CardProcessor {

  /** What the terminal gives: the card as the terminal encrypted it, never a card number. */
  record Card(String encryptedData, String last4, String brand) {
    @Override
    public String toString() {
      return "Card[last4=" + last4 + ", brand=" + brand + "]"; // encryptedData never reaches a log
    }
  }

  /** One authorization request; {@code paymentId} is the Idempotency-Key. */
  record Request(String paymentId, long amountCents, String currency, Card card) {
  }

  /** The processor's answer. */
  record Answer(boolean approved, String authCode, String processorRef) {
  }

  /** The processor could not be reached or did not answer in time; nothing is known of the payment. */
  final class UnreachableException extends RuntimeException {
    public UnreachableException(String message) {
      super(message, null, false, false);
    }
  }

  Future<Answer> authorize(Request request);
}
