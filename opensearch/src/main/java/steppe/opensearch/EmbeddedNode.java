package steppe.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, bound to 127.0.0.1, with the HTTP transport, the common
 * analysis module and the extra mappers (rank_features) given as classpath plugins (as the test framework's MockNode does), so no
 * OpenSearch distribution needs installing.
 *
 * <p>Arguments: NAME HOME HTTP_PORT TRANSPORT_PORT [SEED_TRANSPORT_PORTS MANAGER_NAMES]. With
 * only four, the node is a cluster of its own; with six, it joins the nodes at the seed ports
 * (comma-separated) and the cluster elects its first manager among the names; a node not among
 * them holds data only.
 */
public final class EmbeddedNode extends Node {
  private EmbeddedNode(Settings settings) {
    super(
        InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "steppe"),
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, MapperExtrasPlugin.class),
        true);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4 && args.length != 6) {
      System.err.println(
          "usage: EmbeddedNode NAME HOME HTTP_PORT TRANSPORT_PORT [SEED_PORTS MANAGER_NAMES]");
      System.exit(2);
    }
    Path home = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(home.resolve("config"));
    Settings.Builder settings =
        Settings.builder()
            .put("cluster.name", "steppe")
            .put("node.name", args[0])
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            // Tests fill disks of every size: no read-only switch at 95 %.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
    if (args.length == 4) {
      settings.put("discovery.type", "single-node");
    } else {
      List<String> seeds =
          List.of(args[4].split(",")).stream().map(port -> "127.0.0.1:" + port).toList();
      settings.putList("discovery.seed_hosts", seeds);
      List<String> managers = List.of(args[5].split(","));
      settings.putList("cluster.initial_cluster_manager_nodes", managers);
      // A node not named as a manager only holds data: stopping it never costs the cluster
      // its manager, so the others go on answering from replicas.
      if (!managers.contains(args[0])) settings.putList("node.roles", List.of("data", "ingest"));
    }
    Node node = new EmbeddedNode(settings.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                  } catch (Exception e) {
                    System.err.println("closing the node: " + e);
                  }
                  stopped.countDown();
                }));
    node.start();
    System.out.println("steppe-opensearch: " + args[0] + " listening on 127.0.0.1:" + args[2]);
    stopped.await();
  }
}
