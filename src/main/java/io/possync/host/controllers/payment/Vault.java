package io.possync.host.controllers.payment;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host's local vault file (POS-API.md section 6): {@code {"<paymentCredentialRef>": {"url", "apiKey"}}}. It is
 * refused when its group or others may read or write it (it must be 0600 or stricter), and nothing of its content
 * ever reaches a log line or an exception message: a credential's {@code toString} hides the key.
 */
public final class Vault {

  static final String URL = "url";
  static final String API_KEY = "apiKey";

  private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** The vault cannot be used; the message is one line for the operator and holds nothing of the content. */
  public static final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  /** A processor credential. */
  public record Credential(String url, String apiKey) {
    @Override
    public String toString() {
      return "Credential[url=" + url + ", apiKey=(hidden)]";
    }
  }

  /** No vault: the host takes no card payments (card tenders answer that cards are not set up). */
  public static final Vault NONE = new Vault(Map.of());

  private final Map<String, Credential> credentials;

  private Vault(Map<String, Credential> credentials) {
    this.credentials = Map.copyOf(credentials);
  }

  /** Reads the vault file; {@link RefusedException} with one clear line when it is missing, open to others or bad. */
  public static Vault read(Path file) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      throw new RefusedException("vault file " + file + ": this file system has no POSIX permissions; keep the vault "
          + "on one that does, with mode 0600");
    } catch (IOException e) {
      throw new RefusedException("vault file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (perms.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
      throw new RefusedException("vault file " + file + " is readable or writable by group or others (mode "
          + mode(perms) + "): run chmod 600 " + file + " and start again");
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RefusedException("vault file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (DecodeException | ClassCastException e) {
      // the decoder's message may quote the content: never pass it on
      throw new RefusedException("vault file " + file + " is not a JSON object");
    }
    Map<String, Credential> out = new HashMap<>();
    for (String ref : json.fieldNames()) {
      Object v = json.getValue(ref);
      if (!(v instanceof JsonObject o) || !(o.getValue(URL) instanceof String url) || url.isBlank()
          || !(o.getValue(API_KEY) instanceof String key) || key.isBlank()) {
        throw new RefusedException("vault file " + file + ": entry \"" + ref + "\" needs the texts \"" + URL
            + "\" and \"" + API_KEY + "\"");
      }
      out.put(ref, new Credential(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, key));
    }
    return new Vault(out);
  }

  /** The credential of a ref, or empty when the vault has none (or the property names none). */
  public Optional<Credential> credential(String ref) {
    return ref == null ? Optional.empty() : Optional.ofNullable(credentials.get(ref));
  }

  @Override
  public String toString() {
    return "Vault[" + credentials.size() + " credentials]";
  }

  private static String mode(Set<PosixFilePermission> p) {
    int m = 0;
    for (PosixFilePermission x : p) {
      m |= 1 << (8 - x.ordinal());
    }
    return String.format("%04o", m);
  }
}
