package io.possync.core.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK: a random 96-bit nonce per message, stored in front of the ciphertext and its 128-bit tag.
 * The associated data binds a sealed value to where it belongs (its table and id), so values cannot be swapped
 * between rows unnoticed.
 */
public final class AesGcm {

  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The key, or the associated data, did not match what sealed the value. */
  public static final class OpenFailedException extends RuntimeException {
    public OpenFailedException(String message) {
      super(message);
    }
  }

  private final SecretKeySpec key;
  // Cipher.getInstance costs more than sealing a small row; a Cipher is not thread-safe, so one per thread.
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  });

  public AesGcm(byte[] key256) {
    if (key256.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key");
    }
    this.key = new SecretKeySpec(key256, "AES");
  }

  public static byte[] randomKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  public byte[] seal(byte[] plain, byte[] aad) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = ciphers.get();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      if (aad != null) {
        c.updateAAD(aad);
      }
      byte[] out = new byte[NONCE + c.getOutputSize(plain.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      c.doFinal(plain, 0, plain.length, out, NONCE);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  public byte[] open(byte[] sealed, byte[] aad) {
    if (sealed == null || sealed.length < NONCE + TAG_BITS / 8) {
      throw new OpenFailedException("sealed value is truncated");
    }
    try {
      Cipher c = ciphers.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
      if (aad != null) {
        c.updateAAD(aad);
      }
      return c.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new OpenFailedException("wrong key, or the value was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }
}
