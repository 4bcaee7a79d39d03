package org.chipledger.app.landmark;

import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.proto.location.v1.AttestRequest;
import org.chipledger.proto.location.v1.AttestResponse;
import org.chipledger.proto.location.v1.LandmarkServiceGrpc;

/**
 * A world of {@code network-config/geo.sh}: landmarks and datacenter hosts, each a {@code
 * chipledger landmark site} process in a network namespace of its own, every link between them
 * delayed by Toxiproxy by the great-circle distance of their coordinates, all links mutual TLS
 * under a CA of the world's own. Closing it stops the processes and removes the namespaces; a
 * shutdown hook does the same if the program ends first.
 */
public final class EmulatedWorld implements AutoCloseable {
  private static final long SCRIPT_SECONDS = 120;
  private static final long READY_SECONDS = 120;

  /** A site of the world: its key (e.g. {@code lus}), coordinates, address and place name. */
  public record Site(String key, double latitude, double longitude, String address, String place) {}

  private final Path script;
  private final int number;
  private final Path dir;
  private final Map<String, Site> sites;
  private final List<String> table;
  private final CertificateAuthority ca;
  private final LinkSecurity.TlsFiles client;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, ManagedChannel> landmarks = new ConcurrentHashMap<>();
  private final Thread hook;
  // Its own threads: each site's start blocks on a process, and the common pool of a 2-core
  // machine has one thread.
  private final ExecutorService starter =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "geo-site-start");
            t.setDaemon(true);
            return t;
          });
  private boolean closed;

  private EmulatedWorld(Path script, int number, Path dir, List<String> table) {
    this.script = script;
    this.number = number;
    this.dir = dir;
    this.table = List.copyOf(table);
    Map<String, Site> parsed = new LinkedHashMap<>();
    for (String line : table) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 5 && f[3].matches("\\d+")) {
        parsed.put(
            f[0],
            new Site(
                f[0],
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                "10.233." + number + "." + f[3],
                f[4]));
      }
    }
    this.sites = Map.copyOf(parsed);
    this.ca = CertificateAuthority.create("GeoWorld", "geo-world-ca-" + number);
    this.client =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("geo-client", List.of("127.0.0.1")),
            ca.certificatePem(),
            dir.resolve("tls/client"));
    this.hook = new Thread(this::down, "geo-world-" + number + "-down");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Makes a new world with {@code script} ({@code geo.sh}); {@code dir} keeps its TLS files and the
   * sites' logs.
   *
   * @throws IllegalStateException if the script cannot make one (it says why: not root, no {@code
   *     ip}, …)
   */
  public static EmulatedWorld up(Path script, Path dir) {
    List<String> table = run(script, "table").lines;
    int first = (int) (ProcessHandle.current().pid() % 250) + 1;
    String why = "";
    for (int i = 0; i < 3; i++) {
      int n = (first + i * 83 - 1) % 250 + 1;
      ScriptRun up = run(script, "up", Integer.toString(n));
      if (up.exit == 0) {
        return new EmulatedWorld(script, n, dir, table);
      }
      why = String.join("\n", up.lines);
    }
    throw new IllegalStateException("geo.sh could not make a world:\n" + why);
  }

  /** The script next to the working directory or one of its parents. */
  public static Path findScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("network-config/geo.sh");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no network-config/geo.sh above " + Path.of("").toAbsolutePath());
  }

  public Site site(String key) {
    Site site = sites.get(key);
    if (site == null) {
      throw new IllegalArgumentException(
          "no site " + key + " in the world; geo.sh has " + sites.keySet());
    }
    return site;
  }

  /** What {@code geo.sh table} printed: the sites and the one-way delay of every route. */
  public List<String> table() {
    return table;
  }

  /** The address of {@code site}'s chip port, where a relaying host forwards. */
  public String chipAddress(String site) {
    return site(site).address() + ":" + EmulatedSite.CHIP_PORT;
  }

  /**
   * Starts a {@code chipledger landmark site} process in each named site's namespace with the given
   * extra arguments, all at once, and waits until each is ready.
   */
  public void start(Map<String, List<String>> siteArguments) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : siteArguments.entrySet()) {
      ready.add(CompletableFuture.runAsync(() -> startSite(e.getKey(), e.getValue()), starter));
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void startSite(String key, List<String> arguments) {
    Site site = site(key);
    LinkSecurity.TlsFiles tls =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("geo-" + key, List.of(site.address())),
            ca.certificatePem(),
            dir.resolve("tls/" + key));
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                "clgeo" + number + "-" + key,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "org.chipledger.app.cli.ChipLedgerCli",
                "landmark",
                "site",
                "--listen",
                site.address(),
                "--tls-dir",
                tls.caPem().getParent().toString()));
    command.addAll(arguments);
    Process process;
    try {
      process =
          new ProcessBuilder(command).redirectError(dir.resolve(key + ".log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start site " + key + ": " + e.getMessage(), e);
    }
    synchronized (processes) {
      processes.add(process);
    }
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
              } catch (IOException e) {
                return null;
              }
            },
            starter);
    String first;
    try {
      first = line.get(READY_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      first = null;
    }
    if (first == null || !first.startsWith("ready")) {
      throw new IllegalStateException(
          "site " + key + " did not start (log " + dir.resolve(key + ".log") + "): " + first);
    }
  }

  /**
   * Asks landmark {@code landmarkSite} to challenge chip {@code serial} through the relay of host
   * {@code relaySite}; the answer carries the signed attestation, not yet recorded.
   */
  public AttestResponse attest(String landmarkSite, String serial, String relaySite) {
    ManagedChannel channel =
        landmarks.computeIfAbsent(
            landmarkSite, k -> client.channelTo(site(k).address(), EmulatedSite.LANDMARK_PORT));
    return LandmarkServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .attest(
            AttestRequest.newBuilder()
                .setSerial(serial)
                .setRelay(site(relaySite).address() + ":" + EmulatedSite.RELAY_PORT)
                .build());
  }

  @Override
  public void close() {
    down();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs down() again, which does nothing
    }
  }

  private synchronized void down() {
    if (closed) {
      return;
    }
    closed = true;
    starter.shutdownNow();
    landmarks.values().forEach(ManagedChannel::shutdownNow);
    synchronized (processes) {
      for (Process p : processes) {
        try {
          p.getOutputStream().close();
        } catch (IOException e) {
          // the process is gone already
        }
      }
      for (Process p : processes) {
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
      }
    }
    ScriptRun down = run(script, "down", Integer.toString(number));
    if (down.exit != 0) {
      System.err.println("geo.sh down " + number + " failed: " + down.lines);
    }
  }

  private record ScriptRun(int exit, List<String> lines) {}

  private static ScriptRun run(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("geo-sh", ".out");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(command + " did not finish in " + SCRIPT_SECONDS + " s");
        }
        return new ScriptRun(p.exitValue(), Files.readAllLines(out));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
