package io.possync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Host metrics older than the retention are pruned; newer ones stay. */
class MetricsRetentionTest {

  @Test
  void oldMetricsRowsArePruned() throws Exception {
    try (TestCloud cloud = TestCloud.start(MetricsRetentionTest.class, null)) {
      UUID p = TestCloud.propertyId(cloud.importProperty("Retention Room"));
      ServiceHostRegistry.Registration h = cloud.register(p, "office");
      try (Connection c = cloud.jdbc(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO service_host_metrics (property_id, service_host_id, recorded_at, cpu_percent) VALUES "
            + "('" + p + "', '" + h.serviceHostId() + "', now() - interval '8 days', 10), "
            + "('" + p + "', '" + h.serviceHostId() + "', now() - interval '6 days', 20), "
            + "('" + p + "', '" + h.serviceHostId() + "', now(), 30)");
      }
      int pruned = new MetricsRetentionVerticle(cloud.pool(), 7, 3_600_000).prune().await();
      assertEquals(1, pruned);
      try (Connection c = cloud.jdbc(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*), min(cpu_percent) FROM service_host_metrics")) {
        rs.next();
        assertEquals(2, rs.getInt(1));
        assertEquals(20f, rs.getFloat(2));
      }
    }
  }
}
