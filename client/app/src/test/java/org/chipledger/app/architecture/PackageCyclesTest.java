package org.chipledger.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The application's packages depend on one another without cycles: the root command depends on the
 * command groups, the groups on the shared options, never the other way round.
 */
class PackageCyclesTest {
  private static final String APP = "org.chipledger.app";

  /** Package to the packages of this application its main classes use. */
  private static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (ScanResult scan =
        new ClassGraph()
            .enableClassInfo()
            .enableInterClassDependencies()
            .acceptPackages(APP)
            .scan()) {
      for (ClassInfo type : scan.getAllClasses()) {
        if (!isMain(type)) {
          continue;
        }
        Set<String> uses = graph.computeIfAbsent(type.getPackageName(), p -> new TreeSet<>());
        for (ClassInfo used : type.getClassDependencies()) {
          if (isMain(used) && !used.getPackageName().equals(type.getPackageName())) {
            uses.add(used.getPackageName());
          }
        }
      }
    }
    return graph;
  }

  /** Classes compiled from src/main, not the tests'. */
  private static boolean isMain(ClassInfo type) {
    return type.getPackageName().startsWith(APP)
        && !type.getClasspathElementURI().toString().contains("test-classes");
  }

  /** Every cycle found by a depth-first walk, each as the packages along it. */
  private static List<List<String>> cycles(Map<String, Set<String>> graph) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : graph.keySet()) {
      walk(start, graph, new ArrayList<>(), done, found);
    }
    return found;
  }

  private static void walk(
      String node,
      Map<String, Set<String>> graph,
      List<String> path,
      Set<String> done,
      List<List<String>> found) {
    int at = path.indexOf(node);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(node);
      found.add(cycle);
      return;
    }
    if (!done.add(node)) {
      return;
    }
    path.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      walk(next, graph, path, done, found);
    }
    path.remove(path.size() - 1);
  }

  @Test
  void theApplicationsPackagesFormNoCycle() {
    Map<String, Set<String>> graph = dependencies();
    assertThat(graph).containsKeys(APP + ".cli", APP + ".verifier", APP + ".query");
    assertThat(cycles(graph)).as(graph.toString()).isEmpty();
  }

  @Test
  void theCommandGroupsDoNotKnowTheRootCommand() {
    Map<String, Set<String>> graph = dependencies();
    graph.forEach(
        (pkg, uses) -> {
          if (!pkg.equals(APP + ".cli")) {
            assertThat(uses).as(pkg).doesNotContain(APP + ".cli");
          }
        });
  }

  @Test
  void theWalkFindsACycleWhenThereIsOne() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycles(new TreeMap<>(graph))).containsExactly(List.of("a", "b", "c", "a"));
  }
}
