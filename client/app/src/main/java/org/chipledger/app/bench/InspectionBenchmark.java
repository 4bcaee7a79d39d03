package org.chipledger.app.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.SampleVerification;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignPlan;

/**
 * Times an inspection campaign over a fleet of N chips held by one datacenter: Eq. (1) planning,
 * open, acknowledgement, reveal with the draw, and anyone's re-derivation of the sample. Each step
 * scans the owner's whole population, so these are the figures that grow with N.
 */
public record InspectionBenchmark(Cast cast, Path dir, int chips, Consumer<String> log) {
  private static final String OWNER = "dc-us";
  private static final String CAMPAIGN = "bench-campaign";

  public List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    LedgerClient operator = cast.as(OWNER);
    LedgerClient inspector = cast.as("inspectorate");
    long start = System.nanoTime();
    Fleet.deploy(
        cast.as("fab-us"),
        operator,
        OWNER,
        "bench-site",
        "US",
        "SN-I",
        7L,
        chips,
        0,
        n -> {
          if (n % 50_000 == 0) {
            log.accept(String.format(Locale.ROOT, "fleet: %,d chips deployed", n));
          }
        });
    figures.add(figure("fleet set-up", start, String.format("%,d chips", chips)));

    CampaignPlan plan = timed(figures, "plan (Eq. (1))", () -> inspector.planCampaign(OWNER));
    String conditions =
        String.format(Locale.ROOT, "C = %,d, s = %,d", plan.getChips(), plan.getPerPeriod());
    figures.set(figures.size() - 1, withNote(figures.get(figures.size() - 1), conditions));
    CampaignSeeds seeds = new CampaignSeeds(dir.resolve("campaign-seeds"));
    timed(figures, "open", () -> seeds.open(inspector, CAMPAIGN, OWNER, "bench"));
    timed(figures, "acknowledge", () -> operator.acknowledgeCampaign(CAMPAIGN));
    Campaign drawn = timed(figures, "reveal and draw", () -> seeds.reveal(inspector, CAMPAIGN));
    SampleVerification.Result verified =
        timed(figures, "verify-sample", () -> SampleVerification.check(operator, CAMPAIGN));
    if (verified.outcome() != SampleVerification.Outcome.VERIFIED) {
      throw new IllegalStateException("the bench campaign did not verify: " + verified.detail());
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "drew %,d of %,d chips; verify-sample re-derived the same sample",
            drawn.getSampledSerialsCount(),
            drawn.getDrawnPopulation()));
    return figures;
  }

  private static <T> T timed(List<LedgerBenchmark.Figure> figures, String name, Callable<T> step)
      throws Exception {
    long start = System.nanoTime();
    T result = step.call();
    figures.add(figure(name, start, ""));
    return result;
  }

  private static LedgerBenchmark.Figure figure(String name, long startNanos, String note) {
    return new LedgerBenchmark.Figure(name, (System.nanoTime() - startNanos) / 1e9, "s", note);
  }

  private static LedgerBenchmark.Figure withNote(LedgerBenchmark.Figure f, String note) {
    return new LedgerBenchmark.Figure(f.name(), f.value(), f.unit(), note);
  }
}
