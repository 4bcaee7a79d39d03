package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.chipledger.app.dashboard.DashboardServer;
import org.chipledger.app.dashboard.devtools.HeadlessChromium;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.ReportKind;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;

/**
 * Page load times of the dashboard over a fleet of N chips at one site on a fresh embedded ledger:
 * per page, the server's JSON answer as an HTTP client sees it, and the page drawn in headless
 * Chromium (navigation to the last table), each the median of some loads.
 */
public record DashboardBenchmark(Path dir, int chips, int repeats, LongConsumer progress) {
  private static final String SITE = "fleet-1";
  private static final int RUNS = 20;
  private static final int LOST = 100;

  public List<LedgerBenchmark.Figure> run() throws IOException, InterruptedException {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Founding.found(cast, Founding.policy());
      long setupStart = System.nanoTime();
      Fleet fleet =
          Fleet.deploy(
              cast.as("fab-us"),
              cast.as("dc-us"),
              "dc-us",
              SITE,
              "US",
              "FLEET",
              1L,
              chips - chips / 10,
              chips / 10,
              progress);
      populate(cast, fleet);
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      String serial = fleet.serials().get(0);
      try (DashboardServer server =
              DashboardServer.start(cast.as("inspectorate"), Optional.empty(), "127.0.0.1", 0);
          HeadlessChromium browser = HeadlessChromium.start()) {
        URI home = server.url();
        List<LedgerBenchmark.Figure> figures = new ArrayList<>();
        figures.add(
            new LedgerBenchmark.Figure(
                "fleet setup",
                setupSeconds,
                "s",
                String.format(
                    "%,d chips, %,d deployed, %d lost, %d runs declared",
                    chips, chips - chips / 10, LOST, RUNS)));
        page(figures, home, browser, "custody", List.of("custody/counts"), () -> {});
        page(
            figures,
            home,
            browser,
            "chip",
            List.of(
                "chip/record?serial=" + serial,
                "chip/history?serial=" + serial,
                "chip/head?serial=" + serial),
            () -> {
              browser.type("#serial", serial);
              browser.click("#search");
              browser.drawn("#chip-result[data-loaded='true'] #history");
            });
        page(figures, home, browser, "unaccounted", List.of("unaccounted/report"), () -> {});
        page(figures, home, browser, "runs", List.of("runs/list"), () -> {});
        return figures;
      }
    }
  }

  /** A few lost chips and declared runs, so that every page has rows to draw. */
  private void populate(EmbeddedCast cast, Fleet fleet) {
    List<String> deployed = fleet.serials().subList(0, chips - chips / 10);
    cast.as("dc-us")
        .report(
            ReportKind.LOST,
            ReportChipsRequest.newBuilder()
                .addAllSerials(deployed.subList(deployed.size() - LOST, deployed.size()))
                .setReason("bench")
                .build());
    for (int r = 0; r < RUNS; r++) {
      cast.as("dc-us")
          .declareRun(
              DeclareRunRequest.newBuilder()
                  .setRunId(String.format("bench-run-%02d", r))
                  .setSiteId(SITE)
                  .addAllChipSerials(deployed.subList(r * 8, r * 8 + 8))
                  .setDeclaredFlop(1e24)
                  // One run per manifest hash (MANIFEST_ALREADY_DECLARED): the run's index.
                  .setManifestHash(
                      ByteString.copyFrom(new byte[31])
                          .concat(ByteString.copyFrom(new byte[] {(byte) r})))
                  .setDataCommitment(ByteString.copyFrom(new byte[32]))
                  .setInitSeedCommitment(ByteString.copyFrom(new byte[32]))
                  .build());
    }
  }

  private void page(
      List<LedgerBenchmark.Figure> figures,
      URI home,
      HeadlessChromium browser,
      String pageId,
      List<String> queries,
      Interaction interact)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    double[] json = new double[repeats];
    double[] drawn = new double[repeats];
    long bytes = 0;
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      bytes = 0;
      for (String query : queries) {
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(home.resolve("/api/" + query)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(query + " answered " + response.statusCode());
        }
        bytes += response.body().length;
      }
      json[i] = (System.nanoTime() - start) / 1e6;
      start = System.nanoTime();
      browser.open(home, pageId);
      interact.run();
      drawn[i] = (System.nanoTime() - start) / 1e6;
    }
    String conditions = String.format("%,d chips, median of %d", chips, repeats);
    figures.add(
        new LedgerBenchmark.Figure(
            pageId + ": JSON answer" + (queries.size() > 1 ? "s (" + queries.size() + ")" : ""),
            median(json),
            "ms",
            conditions + String.format(", %,d bytes", bytes)));
    figures.add(
        new LedgerBenchmark.Figure(
            pageId + ": page drawn in Chromium", median(drawn), "ms", conditions));
  }

  /** What the bench does on a page once it is drawn, inside the measured time. */
  @FunctionalInterface
  private interface Interaction {
    void run() throws InterruptedException;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
