package io.possync.host.controllers.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vault file: 0600 read, anything open to group or others refused in one line, the key never printed. */
class VaultTest {

  static final String KEY = "sk_live_vault_5e2b";

  Path vault(String mode, String json) throws Exception {
    Path f = Files.createTempDirectory("possync-vault").resolve("vault.json");
    Files.writeString(f, json);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  static final String JSON = "{\"harbor-main\": {\"url\": \"https://pay.example/\", \"apiKey\": \"" + KEY + "\"}}";

  @Test
  void aVaultOnlyItsOwnerReadsIsRead() throws Exception {
    Vault v = Vault.read(vault("rw-------", JSON));
    Vault.Credential c = v.credential("harbor-main").orElseThrow();
    assertEquals("https://pay.example", c.url());
    assertEquals(KEY, c.apiKey());
    assertFalse(c.toString().contains(KEY), c.toString());
    assertFalse(v.toString().contains(KEY));
  }

  @Test
  void aVaultOthersMayReadIsRefusedInOneLine() throws Exception {
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw-----w-"}) {
      Path f = vault(mode, JSON);
      Vault.RefusedException e = assertThrows(Vault.RefusedException.class, () -> Vault.read(f));
      assertFalse(e.getMessage().contains("\n"), "one line");
      assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
      assertFalse(e.getMessage().contains(KEY));
    }
  }

  @Test
  void aMissingRefIsEmptyAndBadContentIsRefusedWithoutQuotingIt() throws Exception {
    Vault v = Vault.read(vault("rw-------", JSON));
    assertEquals(Optional.empty(), v.credential("other"));
    assertEquals(Optional.empty(), v.credential(null));
    Path bad = vault("rw-------", "{\"harbor-main\": {\"url\": \"x\", \"apiKey\": \"" + KEY + "\"");
    Vault.RefusedException e = assertThrows(Vault.RefusedException.class, () -> Vault.read(bad));
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    Path missing = bad.resolveSibling("none.json");
    assertThrows(Vault.RefusedException.class, () -> Vault.read(missing));
  }
}
