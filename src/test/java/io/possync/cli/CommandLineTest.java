package io.possync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.crypto.Tokens;
import io.possync.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a script would run them: exact output lines, exit codes, one-line errors. */
class CommandLineTest {

  @TempDir
  static Path dir;
  static PgConnectOptions db;
  static Path conf;

  record Run(int code, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PossyncCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void setUp() throws Exception {
    db = TestPostgres.newDatabase("CommandLineTest");
    conf = dir.resolve("cloud.json");
    Files.writeString(conf, new JsonObject().put("postgres", new JsonObject().put("uri", TestPostgres.uri(db)))
        .put("dataDir", dir.resolve("data").toString()).encodePrettily());
  }

  @org.junit.jupiter.api.AfterAll
  static void tearDown() {
    TestPostgres.dropDatabase(db);
  }

  @Test
  void importExportAndRegisterHostPrintTheLinesScriptsDependOn() throws Exception {
    Run imp = run("import", "--conf", conf.toString(), "conf/properties/harbor-grill.json");
    assertEquals(0, imp.code(), imp.err());
    Matcher m = Pattern.compile("^propertyId=([0-9a-f-]{36}) version=(\\d+)$", Pattern.MULTILINE).matcher(imp.out());
    assertTrue(m.find(), imp.out());
    String property = m.group(1);
    int version = Integer.parseInt(m.group(2));

    Run again = run("import", "--conf", conf.toString(), "conf/properties/harbor-grill.json");
    assertTrue(again.out().contains("propertyId=" + property + " version=" + version), "unchanged file, same version");

    Run reg = run("register-host", "--conf", conf.toString(), "--property", property, "--name", "Back office");
    assertEquals(0, reg.code(), reg.err());
    Matcher h = Pattern.compile("^serviceHostId=([0-9a-f-]{36})\\r?\\ntoken=([A-Za-z0-9_-]{43})\\r?$",
        Pattern.MULTILINE).matcher(reg.out());
    assertTrue(h.find(), reg.out());
    try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT auth_token FROM service_hosts WHERE id = '" + h.group(1) + "'")) {
      assertTrue(rs.next());
      assertEquals(Tokens.sha256Hex(h.group(2)), rs.getString(1), "the cloud keeps only the SHA-256");
    }

    Run exp = run("export", "--conf", conf.toString(), "--property", property);
    assertEquals(0, exp.code(), exp.err());
    JsonObject payload = new JsonObject(exp.out());
    assertEquals(property, payload.getString("propertyId"));
    assertEquals(version + 1, payload.getInteger("version"), "registering a host is a configuration change");
    assertTrue(payload.getJsonArray("menuItems").size() >= 150);
    assertTrue(!exp.out().contains(h.group(2)) && !exp.out().contains(Tokens.sha256Hex(h.group(2))),
        "neither the token nor its hash is exported");
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    Path bad = dir.resolve("bad.json");
    JsonObject f = new JsonObject(Files.readString(Path.of("conf/properties/harbor-grill.json")));
    f.getJsonArray("menuItems").getJsonObject(5).put("priceCents", 12.5);
    Files.writeString(bad, f.encode());
    Run r = run("import", "--conf", conf.toString(), bad.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("menuItems[5]") && r.err().contains("priceCents"), r.err());

    Run noConf = run("export", "--conf", dir.resolve("nope.json").toString(), "--property",
        "00000000-0000-0000-0000-000000000001");
    assertEquals(2, noConf.code());
    assertTrue(noConf.err().contains("does not exist"), noConf.err());
    assertEquals(1, noConf.err().strip().lines().count(), noConf.err());

    Run badUuid = run("export", "--conf", conf.toString(), "--property", "pizza");
    assertEquals(2, badUuid.code());
    assertEquals(1, badUuid.err().strip().lines().count(), badUuid.err());

    Run noProperty = run("register-host", "--conf", conf.toString(), "--property",
        "00000000-0000-0000-0000-000000000001", "--name", "x");
    assertEquals(2, noProperty.code());
    assertTrue(noProperty.err().contains("no property"), noProperty.err());

    assertEquals(2, run("frobnicate").code());
    assertEquals(2, run().code());
  }

  @Test
  void aMistypedCommandOrOptionIsNamedInOneLine() {
    Run clud = run("clud");
    assertEquals(2, clud.code());
    assertEquals("possync: unknown command 'clud' (did you mean 'cloud'?)", clud.err().strip());

    Run cnf = run("cloud", "--cnf", "conf/cloud.json");
    assertEquals(2, cnf.code());
    assertEquals("possync cloud: unknown option '--cnf' (did you mean '--conf'?)", cnf.err().strip());

    Run withValue = run("import", "--chnaged-by=x", "f.json");
    assertEquals(2, withValue.code());
    assertEquals("possync import: unknown option '--chnaged-by' (did you mean '--changed-by'?)",
        withValue.err().strip());

    Run extra = run("export", "--conf", conf.toString(), "--property", "00000000-0000-0000-0000-000000000001", "x");
    assertEquals(2, extra.code());
    assertEquals("possync export: unexpected argument 'x' (see possync export --help)", extra.err().strip());
  }

  @Test
  void aBrokenPropertyFileIsNamedByLineAndColumn() throws Exception {
    String[][] cases = {
        // file text, the line the user must see
        {"{\n  \"property\": {\"id\": 1,}\n}\n", "line 2, column 24: unexpected '}'"},
        {"{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: unexpected '\"'"},
        {"{\"a\": [1, 2", "line 1, column 12: the file ends before the JSON does"},
        {"{\"a\": tru }", "line 1, column 7: unexpected 'tru'"},
        {"[1, 2]", "must hold one JSON object ({...}), not an array"},
        {"  \n", "is empty"},
    };
    for (String[] c : cases) {
      Path f = dir.resolve("broken.json");
      Files.writeString(f, c[0]);
      Run r = run("import", "--conf", conf.toString(), f.toString());
      assertEquals(2, r.code(), c[0]);
      String expected = "possync import: " + f + " " + c[1];
      assertEquals(expected, r.err().strip(), c[0]);
    }
    Run folder = run("import", "--conf", conf.toString(), dir.toString());
    assertEquals(2, folder.code());
    assertEquals("possync import: " + dir + " is a folder, not a file", folder.err().strip());
    // A conf file is read the same way.
    Path badConf = dir.resolve("bad-conf.json");
    Files.writeString(badConf, "{\"httpPort\": 80,\n}");
    Run r = run("export", "--conf", badConf.toString(), "--property", "00000000-0000-0000-0000-000000000001");
    assertEquals(2, r.code());
    assertEquals("possync export: conf file " + badConf + " line 2, column 1: unexpected '}'", r.err().strip());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"cloud", "host", "import", "export", "register-host", "demo"}) {
      Run r = run(cmd, "--help");
      assertEquals(0, r.code(), cmd);
      assertTrue(r.out().contains("--conf"), cmd + ": " + r.out());
    }
    assertTrue(run("--help").out().contains("register-host"));
  }
}
