package io.possync.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Envelope keys (DESIGN.md section 8): a random data key encrypts the cache; a key derived from the service host's
 * token (PBKDF2-HMAC-SHA256 with a per-install salt) wraps the data key. A token rotation re-wraps one key; the
 * data key itself is never written in clear.
 */
public final class KeyWrap {

  public static final int ITERATIONS = 120_000;
  private static final byte[] AAD = "possync data key v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyWrap() {
  }

  public static byte[] newSalt() {
    byte[] s = new byte[16];
    RANDOM.nextBytes(s);
    return s;
  }

  /** The key-encryption key for a token and salt. */
  public static byte[] derive(String token, byte[] salt) {
    PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), salt, ITERATIONS, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is not available: " + e.getMessage(), e);
    } finally {
      spec.clearPassword();
    }
  }

  public static byte[] wrap(byte[] dataKey, byte[] kek) {
    return new AesGcm(kek).seal(dataKey, AAD);
  }

  /** Throws {@link AesGcm.OpenFailedException} when the key-encryption key (the token) is not the one that wrapped. */
  public static byte[] unwrap(byte[] wrapped, byte[] kek) {
    return new AesGcm(kek).open(wrapped, AAD);
  }
}
