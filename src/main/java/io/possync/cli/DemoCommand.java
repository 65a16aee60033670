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
          hc.lanTlsKeyPath(), hc.vaultFile());
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
