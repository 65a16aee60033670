package io.possync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.auth.DeviceTokens;
import io.possync.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device-token} as a script runs it: the {@code token=} line, exit codes, one-line errors. */
class DeviceTokenCommandTest {

  @TempDir
  static Path dir;
  static PgConnectOptions db;
  static Path conf;
  static JsonObject sample;
  static String property;

  /** The command line as a user runs it (CommandLineTest's runner). */
  static CommandLineTest.Run run(String... args) {
    return CommandLineTest.run(args);
  }

  @BeforeAll
  static void setUp() throws Exception {
    db = TestPostgres.newDatabase("DeviceTokenCommandTest");
    conf = dir.resolve("cloud.json");
    Files.writeString(conf, new JsonObject().put("postgres", new JsonObject().put("uri", TestPostgres.uri(db)))
        .put("dataDir", dir.resolve("data").toString()).encodePrettily());
    CommandLineTest.Run imp = run("import", "--conf", conf.toString(), "conf/properties/harbor-grill.json");
    assertEquals(0, imp.code(), imp.err());
    sample = new JsonObject(Files.readString(Path.of("conf/properties/harbor-grill.json")));
    property = sample.getJsonObject("property").getString("id");
  }

  @AfterAll
  static void tearDown() {
    TestPostgres.dropDatabase(db);
  }

  static String firstActive(String key) {
    return sample.getJsonArray(key).stream().map(JsonObject.class::cast).filter(r -> r.getBoolean("active"))
        .findFirst().orElseThrow().getString("id");
  }

  @Test
  void printsATokenThatVerifiesWithTheExportedPublicKey() throws Exception {
    String ws = firstActive("workstations");
    CommandLineTest.Run r = run("device-token", "--conf", conf.toString(), "--property", property, "--device", ws);
    assertEquals(0, r.code(), r.err());
    Matcher m = Pattern.compile("^token=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)\\r?$", Pattern.MULTILINE)
        .matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(1, r.out().strip().lines().count(), r.out());
    CommandLineTest.Run kds = run("device-token", "--conf", conf.toString(), "--property", property, "--device",
        firstActive("kdsDevices"));
    assertEquals(0, kds.code(), kds.err());

    CommandLineTest.Run exp = run("export", "--conf", conf.toString(), "--property", property);
    assertEquals(0, exp.code(), exp.err());
    JsonArray keys = new JsonObject(exp.out()).getJsonArray("deviceSigningKeys");
    assertEquals(1, keys.size(), "one key signs both tokens");
    String privatePem;
    try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT private_key FROM device_signing_keys")) {
      assertTrue(rs.next());
      privatePem = rs.getString(1);
    }
    for (String line : privatePem.lines().filter(l -> !l.startsWith("-----")).toList()) {
      assertFalse(exp.out().contains(line), "the export carries no private key");
    }
    Vertx vertx = Vertx.vertx();
    try {
      DeviceTokens.Claims claims = new DeviceTokens.Verifier(vertx, property, List.of(new DeviceTokens.VerifyingKey(
          keys.getJsonObject(0).getString("id"), keys.getJsonObject(0).getString("publicKey")))).verify(m.group(1))
          .await();
      assertEquals(ws, claims.deviceId());
      assertEquals(DeviceTokens.WORKSTATION, claims.deviceType());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aBadDeviceOrArgumentExitsTwoWithOneLine() {
    CommandLineTest.Run printer = run("device-token", "--conf", conf.toString(), "--property", property, "--device",
        sample.getJsonArray("printers").getJsonObject(0).getString("id"));
    assertEquals(2, printer.code(), printer.err());
    assertEquals(1, printer.err().strip().lines().count(), printer.err());
    assertTrue(printer.err().contains("no active workstation or KDS device"), printer.err());
    assertEquals("", printer.out());

    CommandLineTest.Run otherProperty = run("device-token", "--conf", conf.toString(), "--property",
        "00000000-0000-0000-0000-000000000001", "--device", firstActive("workstations"));
    assertEquals(2, otherProperty.code(), otherProperty.err());

    CommandLineTest.Run badUuid = run("device-token", "--conf", conf.toString(), "--property", property, "--device", "pizza");
    assertEquals(2, badUuid.code());
    assertEquals(1, badUuid.err().strip().lines().count(), badUuid.err());

    CommandLineTest.Run missing = run("device-token", "--conf", conf.toString(), "--property", property);
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--device"), missing.err());

    CommandLineTest.Run noConf = run("device-token", "--conf", dir.resolve("nope.json").toString(), "--property", property,
        "--device", firstActive("workstations"));
    assertEquals(2, noConf.code());
    assertTrue(noConf.err().contains("does not exist"), noConf.err());

    CommandLineTest.Run down = run("device-token", "--conf", writeConf("postgresql://postgres@127.0.0.1:1/nothing"), "--property",
        property, "--device", firstActive("workstations"));
    assertEquals(1, down.code(), "database unreachable: " + down.err());
    assertEquals(1, down.err().strip().lines().count(), down.err());

    CommandLineTest.Run help = run("device-token", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("365 days"), help.out());
  }

  static String writeConf(String uri) {
    try {
      Path f = dir.resolve("down.json");
      Files.writeString(f, new JsonObject().put("postgres", new JsonObject().put("uri", uri))
          .put("dataDir", dir.resolve("data2").toString()).encode());
      return f.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
