package io.possync.cli;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.config.HostConfig;
import io.possync.core.crypto.Tokens;
import io.possync.host.HostRuntime;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import io.possync.core.catalog.Catalog;
import io.possync.core.wire.FullPayloadValidator;
import io.vertx.core.json.JsonObject;
import io.possync.core.config.CloudConfig;
import io.possync.core.config.ConfException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Starts the cloud (on its embedded PostgreSQL unless POSSYNC_PG_URI is set), imports the sample "
        + "properties not yet in its database (a later run keeps your edits), starts a service host for the first "
        + "one beside it and prints what to try. Runs until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Option(names = "--properties", paramLabel = "DIR", defaultValue = "conf/properties",
      description = "Folder of property files to import (default: ${DEFAULT-VALUE}).")
  Path properties;

  @Option(names = "--host-conf", paramLabel = "FILE", defaultValue = "conf/host.json",
      description = "Host conf whose token file, data dir and LAN port the demo's host uses (default: ${DEFAULT-VALUE}).")
  Path hostConf;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (UntilStopped stop = UntilStopped.listen()) {
      return run(stop);
    }
  }

  /**
   * Issues a device token for the first property's first workstation and prints the POS page's address for it (the
   * token in its fragment) and the calls that sell a check on the host: sign in, open, ring an item with its
   * modifiers, send, pay cash, close, and see it posted in the cloud.
   */
  private static void posLines(PrintWriter out, CloudRuntime cloud, HostRuntime host, Path file, UUID property,
                               String lan, String base, String admin) {
    JsonObject f = ImportCommand.read(file);
    java.util.Map<String, java.util.Map<String, JsonObject>> tables = Catalog.get().tables(f);
    io.possync.core.caps.PosConfig cfg = new io.possync.core.caps.PosConfig(0,
        t -> tables.getOrDefault(t, java.util.Map.of()));
    JsonObject ws = tables.getOrDefault("workstations", java.util.Map.of()).values().stream()
        .filter(w -> w.getBoolean("active", false)).min(java.util.Comparator.comparing(w -> w.getString("name")))
        .orElse(null);
    JsonObject employee = tables.getOrDefault("employees", java.util.Map.of()).values().stream()
        .filter(e -> e.getBoolean("active", false))
        .filter(e -> cfg.privileges(e.getString("roleId")).contains(io.possync.core.caps.Actor.VOID_ITEM))
        .min(java.util.Comparator.comparing(e -> e.getString("employeeNumber"))).orElse(null);
    String cash = tables.getOrDefault("tenders", java.util.Map.of()).values().stream()
        .filter(t -> io.possync.core.caps.PosConfig.Tender.CASH.equals(t.getString("tenderType"))
            && t.getBoolean("active", false))
        .map(t -> t.getString("id")).findFirst().orElse(null);
    if (ws == null || employee == null || cash == null) {
      return;
    }
    JsonObject line = null;
    for (JsonObject item : tables.getOrDefault("menu_items", java.util.Map.of()).values().stream()
        .filter(i -> i.getBoolean("active", false)).sorted(java.util.Comparator.comparing(i -> i.getString("name")))
        .toList()) {
      java.util.List<io.possync.core.caps.PosConfig.ModifierGroupOf> groups = cfg.modifierGroupsOf(item.getString("id"));
      if (groups.isEmpty()) {
        continue;
      }
      io.vertx.core.json.JsonArray mods = new io.vertx.core.json.JsonArray();
      groups.forEach(g -> g.modifierIds().stream().limit(Math.max(1, g.group().minSelect())).forEach(mods::add));
      line = new JsonObject().put("menuItemId", item.getString("id")).put("modifierIds", mods);
      break;
    }
    if (line == null) {
      return;
    }
    io.possync.cloud.pos.DeviceTokenIssuer.Issued token = new io.possync.cloud.pos.DeviceTokenIssuer(cloud.vertx(),
        java.time.Clock.systemUTC()).issue(cloud.db().pool(), property, UUID.fromString(ws.getString("id"))).await();
    awaitHostVersion(cloud, host, property);
    String number = employee.getString("employeeNumber");
    String json = "-H 'Content-Type: application/json'";
    String firstId = " | sed 's/^{\"[a-zA-Z]*\":\"\\([^\"]*\\)\".*/\\1/')";
    String s = "-H \"Authorization: Bearer $S\" " + json;
    java.time.LocalDate date = io.possync.core.caps.BusinessDate.at(java.time.Instant.now(),
        cfg.property().orElseThrow().zone(), cfg.property().orElseThrow().dayStart());
    out.println("Open the POS page: " + lan + "/#token=" + token.token() + "&host=" + lan + "&cloud=" + base);
    out.println("  (workstation \"" + ws.getString("name") + "\"; sign in with employee " + number + ", PIN "
        + number.substring(number.length() - 4) + "; the cloud serves the same page at " + base + "/pos/)");
    out.println("Sell a check on the host, as workstation \"" + ws.getString("name") + "\" (its device token was just "
        + "issued) with employee " + number + " (PIN " + number.substring(number.length() - 4) + "):");
    out.println("  DEV='" + token.token() + "'");
    out.println("  S=$(curl -s -H \"Authorization: Bearer $DEV\" " + json + " -d '{\"employeeNumber\":\"" + number
        + "\",\"pin\":\"" + number.substring(number.length() - 4) + "\"}' " + lan + "/api/pos/sessions" + firstId);
    out.println("  C=$(curl -s " + s + " -d '{\"rvcId\":\"" + ws.getString("rvcId") + "\",\"guestCount\":2}' " + lan
        + "/api/pos/checks" + firstId);
    out.println("  curl -s " + s + " -d '" + line.encode() + "' " + lan + "/api/pos/checks/$C/lines; echo");
    out.println("  curl -s " + s + " -X POST " + lan + "/api/pos/checks/$C/send; echo");
    out.println("  curl -s " + s + " -d '{\"tenderId\":\"" + cash + "\",\"amountCents\":10000}' " + lan
        + "/api/pos/checks/$C/payments; echo");
    out.println("  curl -s " + s + " -X POST " + lan + "/api/pos/checks/$C/close; echo");
    out.println("  curl -s " + admin + " '" + base + "/api/admin/properties/" + property + "/checks?businessDate=" + date
        + "'; echo    # posted to the cloud");
    out.println("  curl -s " + admin + " '" + base + "/api/admin/properties/" + property + "/sales?businessDate=" + date
        + "'; echo");
  }

  /**
   * Waits (at most 10 s) until the host applied the cloud's current version: the device key a first token makes
   * reaches the host as a config change, and the lines printed next sign in with it.
   */
  private static void awaitHostVersion(CloudRuntime cloud, HostRuntime host, UUID property) {
    int version = cloud.db().pool().preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(property)).await().iterator().next().getInteger(0);
    java.util.concurrent.CompletableFuture<Void> applied = new java.util.concurrent.CompletableFuture<>();
    long timer = host.vertx().setPeriodic(20, id -> {
      var s = host.config().current();
      if (s != null && s.version() >= version) {
        applied.complete(null);
      }
    });
    try {
      applied.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // the lines still print; the first sign-in may need a moment more
    } finally {
      host.vertx().cancelTimer(timer);
    }
  }

  private int run(UntilStopped stopper) throws Exception {
    CloudConfig config = conf.load();
    if (config.adminToken() == null) {
      config = config.withAdminToken(Tokens.generate()); // the demo's admin API, for this run only
    }
    List<Path> files = propertyFiles(properties);
    CloudRuntime cloud = Ports.startCloud(config, conf.conf);
    AutoCloseable[] both = {cloud};
    PrintWriter out = spec.commandLine().getOut();
    try {
      PropertyImport importer = new PropertyImport(Catalog.get());
      StringBuilder imported = new StringBuilder();
      String firstProperty = null;
      for (Path f : files) {
        JsonObject file = ImportCommand.read(f);
        UUID id = FullPayloadValidator.check(Catalog.get(), file);
        Integer existing = currentVersion(cloud, id);
        if (existing == null) {
          PropertyImport.Result r = importer.run(cloud.db().pool(), file, null).await();
          imported.append("  ").append(f).append(": propertyId=").append(r.propertyId()).append(" version=")
              .append(r.version()).append('\n');
        } else {
          imported.append("  ").append(f).append(": propertyId=").append(id).append(" version=").append(existing)
              .append(" (imported by an earlier run; left as it is, with your edits)\n");
        }
        firstProperty = firstProperty == null ? id.toString() : firstProperty;
      }
      String base = "http://127.0.0.1:" + cloud.httpPort();
      String confArg = "--conf " + conf.conf;
      ServiceHostRegistry.Registration host = demoHost(cloud, UUID.fromString(firstProperty));
      HostConfig hc = HostConfig.load(hostConf, System.getenv());
      hc = new HostConfig(host.propertyId(), host.serviceHostId(), base, hc.tokenFile(), hc.dataDir(),
          hc.heartbeatSeconds(), hc.fullSyncAfterOfflineHours(), hc.lanHost(), hc.lanPort(), hc.lanTlsCertPath(),
          hc.lanTlsKeyPath(), hc.vaultFile(), hc.greenMode());
      HostRuntime hostRuntime = Ports.startHost(hc, hostConf);
      both = new AutoCloseable[] {UntilStopped.quietly(hostRuntime.vertx(), hostRuntime),
          UntilStopped.quietly(cloud.vertx(), cloud)};
      String bearer = "-H 'Authorization: Bearer " + host.token() + "'";
      String admin = "-H 'Authorization: Bearer " + config.adminToken() + "'";
      out.println();
      out.println("possync demo is running: cloud on " + base + ", " + cloud.postgres().describe() + ".");
      out.println("Imported:");
      out.print(imported);
      out.println("Service host " + host.serviceHostId() + " runs beside it: LAN on http://127.0.0.1:"
          + hostRuntime.lanPort() + ", cache in " + hc.dataDir() + ", token in " + hc.tokenFile());
      out.println("Admin API token for this run: " + config.adminToken());
      out.println("Try, in another terminal from this folder:");
      out.println("  curl -s http://127.0.0.1:" + hostRuntime.lanPort() + "/api/host/status; echo");
      out.println("  curl -s " + base + "/health");
      out.println("  curl -s " + bearer + " " + base + "/api/sync/config/full | head -c 400; echo");
      out.println("  curl -s " + bearer + " '" + base + "/api/sync/config/delta?since=1' | head -c 600; echo");
      out.println("  curl -s " + admin + " '" + base + "/api/admin/service-hosts?propertyId=" + firstProperty + "'; echo");
      out.println("  curl -s " + admin + " " + base + "/api/admin/properties/" + firstProperty
          + "/tax_groups; echo");
      out.println("  curl -s " + base + "/metrics | grep possync_");
      out.println("  java -jar target/possync.jar export " + confArg + " --property " + firstProperty
          + " --pretty | head -40");
      out.println("  java -jar target/possync.jar register-host " + confArg + " --property " + firstProperty
          + " --name \"Front office\"");
      out.println("  java -jar target/possync.jar import " + confArg + " " + files.get(0)
          + "    # unchanged file: same version");
      if (cloud.postgres().isEmbedded()) {
        int pgPort = cloud.postgres().connectOptions().getPort();
        out.println("  psql -h 127.0.0.1 -p " + pgPort + " -U postgres -c \"UPDATE menu_items SET price_cents = "
            + "price_cents + 50 WHERE name = 'Classic Burger'\"    # plain SQL is captured too");
        out.println("  psql -h 127.0.0.1 -p " + pgPort + " -U postgres -c \"SELECT version, entity_type, operation, "
            + "data->>'price_cents' FROM config_versions ORDER BY seq DESC LIMIT 3\"");
      }
      posLines(out, cloud, hostRuntime, files.get(0), UUID.fromString(firstProperty),
          "http://127.0.0.1:" + hostRuntime.lanPort(),
          base, admin);
      out.println("Press Ctrl-C to stop.");
      out.flush();
    } catch (Exception e) {
      for (AutoCloseable c : both) {
        c.close();
      }
      throw e;
    }
    AutoCloseable[] stop = both;
    stopper.await(() -> {
      for (AutoCloseable c : stop) {
        c.close();
      }
    });
    return 0;
  }

  /**
   * The demo's service host: the one registered by an earlier demo run when its token (in the host conf's token
   * file) still opens it, otherwise a new one, whose token replaces the old file and whose cache starts empty.
   */
  ServiceHostRegistry.Registration demoHost(CloudRuntime cloud, UUID property) throws IOException {
    HostConfig hc = HostConfig.load(hostConf, System.getenv());
    Path idFile = hc.dataDir().resolve("service-host-id");
    if (Files.exists(hc.tokenFile()) && Files.exists(idFile)) {
      String token = Files.readString(hc.tokenFile()).trim();
      UUID id = UUID.fromString(Files.readString(idFile).trim());
      boolean valid = cloud.db().pool().preparedQuery("SELECT 1 FROM service_hosts WHERE id = $1 AND property_id = $2 "
              + "AND auth_token = $3 AND active").execute(Tuple.of(id, property, Tokens.sha256Hex(token))).await()
          .size() == 1;
      if (valid) {
        return new ServiceHostRegistry.Registration(id, property, token);
      }
    }
    ServiceHostRegistry.Registration r = new ServiceHostRegistry().register(cloud.db().pool(), property,
        "Demo service host").await();
    Files.createDirectories(hc.dataDir());
    for (String f : new String[] {"cache.db", "cache.db-wal", "cache.db-shm"}) {
      Files.deleteIfExists(hc.dataDir().resolve(f));
    }
    Files.createDirectories(hc.tokenFile().toAbsolutePath().getParent());
    Files.writeString(hc.tokenFile(), r.token() + "\n");
    try {
      Files.setPosixFilePermissions(hc.tokenFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: leave the default
    }
    Files.writeString(idFile, r.serviceHostId() + "\n");
    return r;
  }

  /**
   * The property's version when an earlier run (or the user) put it in this database: the demo then leaves it alone,
   * since importing the sample again would undo every edit made since.
   */
  static Integer currentVersion(CloudRuntime cloud, UUID property) {
    var rows = cloud.db().pool().preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
        .execute(Tuple.of(property)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getInteger(0);
  }

  static List<Path> propertyFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfException("no folder " + dir + " with property files (run the demo from the possync folder)");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      if (files.isEmpty()) {
        throw new ConfException("no property file (*.json) in " + dir);
      }
      return files;
    } catch (IOException e) {
      throw new ConfException("cannot list " + dir + ": " + e.getMessage());
    }
  }
}
