package io.possync.cli;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.crypto.Tokens;
import java.util.UUID;
import io.possync.core.catalog.Catalog;
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
        + "properties and prints what to try. Runs until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Option(names = "--properties", paramLabel = "DIR", defaultValue = "conf/properties",
      description = "Folder of property files to import (default: ${DEFAULT-VALUE}).")
  Path properties;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CloudConfig config = conf.load();
    if (config.adminToken() == null) {
      config = config.withAdminToken(Tokens.generate()); // the demo's admin API, for this run only
    }
    List<Path> files = propertyFiles(properties);
    CloudRuntime cloud = CloudRuntime.start(config);
    PrintWriter out = spec.commandLine().getOut();
    try {
      PropertyImport importer = new PropertyImport(Catalog.get());
      StringBuilder imported = new StringBuilder();
      String firstProperty = null;
      for (Path f : files) {
        PropertyImport.Result r = importer.run(cloud.db().pool(), ImportCommand.read(f), null).await();
        imported.append("  ").append(f).append(": propertyId=").append(r.propertyId()).append(" version=")
            .append(r.version()).append('\n');
        firstProperty = firstProperty == null ? r.propertyId().toString() : firstProperty;
      }
      String base = "http://127.0.0.1:" + cloud.httpPort();
      String confArg = "--conf " + conf.conf;
      ServiceHostRegistry.Registration host = new ServiceHostRegistry()
          .register(cloud.db().pool(), UUID.fromString(firstProperty), "Demo service host").await();
      String bearer = "-H 'Authorization: Bearer " + host.token() + "'";
      String admin = "-H 'Authorization: Bearer " + config.adminToken() + "'";
      out.println();
      out.println("possync demo is running: cloud on " + base + ", " + cloud.postgres().describe() + ".");
      out.println("Imported:");
      out.print(imported);
      out.println("Registered a service host: serviceHostId=" + host.serviceHostId() + " token=" + host.token());
      out.println("Admin API token for this run: " + config.adminToken());
      out.println("Try, in another terminal from this folder:");
      out.println("  curl -s " + base + "/health");
      out.println("  curl -s " + bearer + " " + base + "/api/sync/config/full | head -c 400; echo");
      out.println("  curl -s " + bearer + " '" + base + "/api/sync/config/delta?since=1' | head -c 600; echo");
      out.println("  curl -s " + bearer + " -X POST -H 'Content-Type: application/json' -d '{\"appliedVersion\": 1, "
          + "\"cpuPercent\": 12}' " + base + "/api/service-hosts/" + host.serviceHostId() + "/heartbeat; echo");
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
    } catch (RuntimeException e) {
      cloud.close();
      throw e;
    }
    CloudCommand.runUntilStopped(cloud);
    return 0;
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
