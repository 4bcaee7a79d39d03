package org.chipledger.app.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.chipledger.app.landmark.EmulatedWorld;
import org.chipledger.app.landmark.LandmarkEnrolment;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Issue 21's figures on the emulated geography of {@code network-config/geo.sh} (root only): how
 * many attestations one landmark measures, signs and records per second; how often an honest chip
 * in its country is decided a mismatch under the links' jitter and the machine's load; and the
 * smallest diversion the decision catches, swept by hosts that hold each answer as long as light in
 * fibre needs for the extra distance there and back.
 *
 * @param concurrency chips the landmark challenges at once in the throughput run
 * @param attestations attestations in the throughput run
 * @param honest recorded attestations of an honest chip per country
 * @param sweepStepKm step of the diversion sweep
 * @param sweepMaxKm farthest diversion of the sweep
 * @param tries attestations per diversion distance
 * @param allowanceUs the policy's signing allowance
 */
record LandmarkBenchmark(
    Path dir,
    int concurrency,
    int attestations,
    int honest,
    int sweepStepKm,
    int sweepMaxKm,
    int tries,
    int allowanceUs,
    Consumer<String> log) {
  private static final long CHIP_SEED = 2131;
  private static final long LANDMARK_SEED = 2132;
  private static final List<String> COUNTRIES = List.of("US", "SG", "NL", "TW");
  private static final Map<String, Member> FABS =
      Map.of(
          "US", new Member("fab-us", "FabUSMSP", "US", Role.ROLE_FAB, "Arizona Fab"),
          "TW", new Member("fab-tw", "FabTWMSP", "TW", Role.ROLE_FAB, "Hsinchu Foundry"),
          "NL", new Member("fab-nl-bench", "NLMSP", "NL", Role.ROLE_FAB, "Polder Fab"),
          "SG", new Member("fab-sg-bench", "SGMSP", "SG", Role.ROLE_FAB, "Straits Fab"));

  List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    try (EmulatedWorld world = EmulatedWorld.up(EmulatedWorld.findScript(), dir.resolve("world"));
        EmbeddedCast cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      world.table().forEach(line -> log.accept("geo.sh table: " + line));
      Map<String, List<String>> chips = plan();
      CompletableFuture<Void> started = CompletableFuture.runAsync(() -> world.start(sites(chips)));
      found(cast, world, chips);
      started.join();
      figures.add(throughput(cast, world));
      figures.addAll(honestRates(cast, world));
      figures.addAll(sweep(cast, world));
    }
    return figures;
  }

  /** The chips of each country's host: throughput chips, honest chips and sweep chips (US). */
  private Map<String, List<String>> plan() {
    Map<String, List<String>> chips = new LinkedHashMap<>();
    for (String c : COUNTRIES) {
      chips.put(c, new ArrayList<>(List.of("LMB-" + c + "-HONEST")));
    }
    for (int i = 0; i < concurrency; i++) {
      chips.get("US").add("LMB-US-T" + i);
    }
    for (int km = 0; km <= sweepMaxKm; km += sweepStepKm) {
      chips.get("US").add("LMB-US-D" + km);
    }
    return chips;
  }

  private Map<String, List<String>> sites(Map<String, List<String>> chips) {
    Map<String, List<String>> sites = new LinkedHashMap<>();
    int index = 0;
    for (int i = 0; i < COUNTRIES.size(); i++) {
      String c = COUNTRIES.get(i);
      String cc = c.toLowerCase(java.util.Locale.ROOT);
      sites.put("l" + cc, List.of("--landmark", "lm-" + cc + "=" + LANDMARK_SEED + ":" + i));
      List<String> args = new ArrayList<>();
      for (String serial : chips.get(c)) {
        args.addAll(List.of("--chip", serial + "=" + CHIP_SEED + ":" + index++));
        if (serial.startsWith("LMB-US-D")) {
          // Light in fibre needs 1 ms of round trip per 100 km.
          int km = Integer.parseInt(serial.substring("LMB-US-D".length()));
          args.addAll(List.of("--hold", serial + "=PT" + km / 100_000.0 + "S"));
        }
      }
      sites.put("d" + cc, args);
    }
    return sites;
  }

  private void found(EmbeddedCast cast, EmulatedWorld world, Map<String, List<String>> chips) {
    Founding.found(
        cast,
        Founding.policy().toBuilder()
            .addAllLocationRegions(LandmarkEnrolment.worldRegions())
            .setLocationKmPerMs(200)
            .setLocationSigningAllowanceUs(allowanceUs)
            .build());
    int index = 0;
    for (int i = 0; i < COUNTRIES.size(); i++) {
      String c = COUNTRIES.get(i);
      LandmarkEnrolment.organisation(cast, landmarkOrg(c));
      if (!c.equals("US") && !c.equals("TW")) {
        LandmarkEnrolment.organisation(cast, FABS.get(c));
      }
      EmulatedWorld.Site site = world.site("l" + c.toLowerCase(java.util.Locale.ROOT));
      LandmarkEnrolment.landmark(
          cast,
          landmarkOrg(c),
          "lm-" + c.toLowerCase(java.util.Locale.ROOT),
          LandmarkEnrolment.micro(site.latitude()),
          LandmarkEnrolment.micro(site.longitude()),
          ChipKeys.derive(LANDMARK_SEED, i).getPublic());
      Map<String, Integer> indices = new LinkedHashMap<>();
      for (String serial : chips.get(c)) {
        indices.put(serial, index++);
      }
      LandmarkEnrolment.chips(cast.as(FABS.get(c)), "LMB-" + c, indices, CHIP_SEED);
    }
  }

  /**
   * The US landmark measuring, signing and recording {@code attestations}, several chips at once.
   */
  private LedgerBenchmark.Figure throughput(EmbeddedCast cast, EmulatedWorld world)
      throws Exception {
    LocationClient recorder = LocationClient.of(cast.as(landmarkOrg("US")));
    for (int i = 0; i < concurrency; i++) {
      world.attest("lus", "LMB-US-T" + i, "dus");
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        String serial = "LMB-US-T" + t;
        int share = attestations / concurrency + (t < attestations % concurrency ? 1 : 0);
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    recorder.recordAttestation(world.attest("lus", serial, "dus").getAttestation());
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.accept(String.format("throughput: %d attestations in %.1f s", attestations, seconds));
      return new LedgerBenchmark.Figure(
          "attestations per second, one landmark",
          attestations / seconds,
          "att/s",
          String.format(
              "lm-us (Washington) via the Ashburn host (42 km, 3 ms one way), %d chips at once,"
                  + " measured, signed and recorded on the embedded ledger",
              concurrency));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Per country, how often a chip in it is decided anything but consistent, and its round trips.
   */
  private List<LedgerBenchmark.Figure> honestRates(EmbeddedCast cast, EmulatedWorld world) {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    for (String c : COUNTRIES) {
      String cc = c.toLowerCase(java.util.Locale.ROOT);
      String serial = "LMB-" + c + "-HONEST";
      LocationClient recorder = LocationClient.of(cast.as(landmarkOrg(c)));
      for (int i = 0; i < 10; i++) {
        world.attest("l" + cc, serial, "d" + cc);
      }
      int mismatched = 0;
      long[] rtts = new long[honest];
      for (int i = 0; i < honest; i++) {
        LocationAttestation a = world.attest("l" + cc, serial, "d" + cc).getAttestation();
        rtts[i] = a.getRoundTripUs();
        if (recorder.recordAttestation(a).getVerdict()
            != LocationVerdict.LOCATION_VERDICT_CONSISTENT) {
          mismatched++;
        }
      }
      Arrays.sort(rtts);
      figures.add(
          new LedgerBenchmark.Figure(
              "false-mismatch rate, honest chip in " + c,
              100.0 * mismatched / honest,
              "%",
              String.format(
                  "%d of %d; round trip p50 %.1f ms, p99 %.1f ms, max %.1f ms; allowance %d ms",
                  mismatched,
                  honest,
                  rtts[honest / 2] / 1000.0,
                  rtts[Math.min(honest - 1, honest * 99 / 100)] / 1000.0,
                  rtts[honest - 1] / 1000.0,
                  allowanceUs / 1000)));
    }
    return figures;
  }

  /**
   * Chips declared in the US whose Ashburn host holds each answer as long as a relay {@code km}
   * farther away would add: the smallest distance at which every try is a mismatch, and the largest
   * at which some try was consistent.
   */
  private List<LedgerBenchmark.Figure> sweep(EmbeddedCast cast, EmulatedWorld world) {
    LocationClient recorder = LocationClient.of(cast.as(landmarkOrg("US")));
    int smallestCaught = -1;
    int largestMissed = -1;
    for (int km = 0; km <= sweepMaxKm; km += sweepStepKm) {
      String serial = "LMB-US-D" + km;
      world.attest("lus", serial, "dus");
      int caught = 0;
      for (int i = 0; i < tries; i++) {
        if (recorder
                .recordAttestation(world.attest("lus", serial, "dus").getAttestation())
                .getVerdict()
            == LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH) {
          caught++;
        }
      }
      log.accept(String.format("diversion %,d km: %d of %d caught", km, caught, tries));
      if (caught < tries) {
        largestMissed = km;
        smallestCaught = -1;
      } else if (smallestCaught < 0) {
        smallestCaught = km;
      }
    }
    String conditions =
        String.format(
            "US region 2,600 km around (39.83, -98.58), landmark Washington 1,850 km from its"
                + " centre, allowance %d ms, %d tries per %,d km step",
            allowanceUs / 1000, tries, sweepStepKm);
    return List.of(
        new LedgerBenchmark.Figure(
            "smallest diversion always caught", smallestCaught, "km", conditions),
        new LedgerBenchmark.Figure(
            "largest diversion missed at least once", largestMissed, "km", conditions));
  }

  private static Member landmarkOrg(String country) {
    return new Member(
        "landmark-" + country.toLowerCase(java.util.Locale.ROOT) + "-bench",
        country + "MSP",
        country,
        Role.ROLE_LANDMARK,
        country + " landmark");
  }
}
