package org.chipledger.app.landmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Location attestation over emulated geography (issue 21 item 5): each landmark and each datacenter
 * host is a {@code chipledger landmark site} process in a network namespace of its own ({@code
 * network-config/geo.sh}), every link delayed by Toxiproxy by its great-circle distance at 200
 * km/ms; the landmarks measure and sign, and their organisations record on the embedded ledger of
 * this test. Noise on a loaded machine only adds delay, so an attack test needs one measurement; an
 * honest chip gets a few tries. Expected round trips come from published great-circle distances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatedGeographyTest {
  private static final long CHIP_SEED = 2121;
  private static final long LANDMARK_SEED = 2122;
  private static final int WINDOW_SECONDS = 6;

  // Published great-circle distances, km.
  private static final double WASHINGTON_SINGAPORE_KM = 15_540;
  private static final double ASHBURN_JURONG_KM = 15_520;
  private static final double AMSTERDAM_EEMSHAVEN_KM = 176;
  private static final double TAIPEI_CHANGHUA_KM = 152;

  /** Country, landmark org, landmark id and site, host site. */
  private record Country(
      String code, Member landmarkOrg, String landmarkId, String lm, String dc) {}

  private static final List<Country> COUNTRIES =
      List.of(
          country("US", "lus", "dus"),
          country("SG", "lsg", "dsg"),
          country("NL", "lnl", "dnl"),
          country("TW", "ltw", "dtw"));

  private static final Member FAB_NL =
      new Member("fab-nl-geo", "NLMSP", "NL", Role.ROLE_FAB, "Polder Fab");
  private static final Member FAB_SG =
      new Member("fab-sg-geo", "SGMSP", "SG", Role.ROLE_FAB, "Straits Fab");

  /** Serial, chip key index, maker. */
  private static final Map<String, Integer> INDEX = new LinkedHashMap<>();

  static {
    List.of(
            "GEO-US-HONEST",
            "GEO-US-FADING",
            "GEO-US-REPLAYED",
            "GEO-US-HELD",
            "GEO-SG-HONEST",
            "GEO-DIVERTED",
            "GEO-RELAYED",
            "GEO-DELAYED",
            "GEO-NL-HONEST",
            "GEO-TW-HONEST",
            "GEO-US-SILENT")
        .forEach(s -> INDEX.put(s, INDEX.size()));
  }

  private EmbeddedCast cast;
  private EmulatedWorld world;

  @BeforeAll
  void buildTheWorld(@TempDir Path dir) throws Exception {
    // Namespaces first: a machine that cannot make them fails here, saying why.
    world = EmulatedWorld.up(EmulatedWorld.findScript(), dir.resolve("world"));
    Map<String, List<String>> sites = new LinkedHashMap<>();
    for (int i = 0; i < COUNTRIES.size(); i++) {
      Country c = COUNTRIES.get(i);
      sites.put(c.lm(), List.of("--landmark", c.landmarkId() + "=" + LANDMARK_SEED + ":" + i));
    }
    sites.put(
        "dus",
        chips(
            List.of("GEO-US-HONEST", "GEO-US-FADING", "GEO-US-REPLAYED", "GEO-US-HELD"),
            "--replay",
            "GEO-US-REPLAYED",
            "--hold",
            "GEO-US-HELD=PT0.3S",
            // The relay attack: the chip sits in Singapore, its US host passes challenges on.
            "--forward",
            "GEO-RELAYED=" + world.chipAddress("dsg")));
    sites.put(
        "dsg",
        chips(
            List.of("GEO-SG-HONEST", "GEO-DIVERTED", "GEO-RELAYED", "GEO-DELAYED"),
            "--hold",
            "GEO-DELAYED=PT0.2S"));
    sites.put("dnl", chips(List.of("GEO-NL-HONEST")));
    sites.put("dtw", chips(List.of("GEO-TW-HONEST")));
    // The site processes start while the ledger is founded.
    CompletableFuture<Void> started = CompletableFuture.runAsync(() -> world.start(sites));
    cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"));
    Founding.found(
        cast,
        Founding.policy().toBuilder()
            .addAllLocationRegions(LandmarkEnrolment.worldRegions())
            .setLocationKmPerMs(200)
            .setLocationSigningAllowanceUs(30_000)
            .setLocationFreshnessSeconds(WINDOW_SECONDS)
            .build());
    List<Member> orgs = new ArrayList<>(List.of(FAB_NL, FAB_SG));
    COUNTRIES.forEach(c -> orgs.add(c.landmarkOrg()));
    orgs.forEach(m -> LandmarkEnrolment.organisation(cast, m));
    for (int i = 0; i < COUNTRIES.size(); i++) {
      Country c = COUNTRIES.get(i);
      EmulatedWorld.Site site = world.site(c.lm());
      LandmarkEnrolment.landmark(
          cast,
          c.landmarkOrg(),
          c.landmarkId(),
          LandmarkEnrolment.micro(site.latitude()),
          LandmarkEnrolment.micro(site.longitude()),
          ChipKeys.derive(LANDMARK_SEED, i).getPublic());
    }
    register(
        cast.as("fab-us"),
        "GEO-LOT-US",
        INDEX.keySet().stream()
            .filter(s -> !List.of("GEO-SG-HONEST", "GEO-NL-HONEST", "GEO-TW-HONEST").contains(s))
            .toList());
    register(cast.as(FAB_SG), "GEO-LOT-SG", List.of("GEO-SG-HONEST"));
    register(cast.as(FAB_NL), "GEO-LOT-NL", List.of("GEO-NL-HONEST"));
    register(cast.as("fab-tw"), "GEO-LOT-TW", List.of("GEO-TW-HONEST"));

    started.join();
  }

  @AfterAll
  void tearDown() {
    if (world != null) {
      world.close();
    }
    if (cast != null) {
      cast.close();
    }
  }

  @Test
  void anHonestChipInEachCountryIsConsistent() {
    for (Country c : COUNTRIES) {
      String serial = "GEO-" + c.code() + "-HONEST";
      LocationDecision d = honestly(c, serial);
      assertThat(d.getVerdict())
          .as("%s: %s", serial, d.getReason())
          .isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
      assertThat(d.getBoundsList()).extracting(LocationBound::getWithinRegion).contains(true);
    }
    // The links add their distance: at least 2 x km / 200 ms of round trip.
    assertThat(roundTripUs("GEO-NL-HONEST")).isGreaterThanOrEqualTo(us(AMSTERDAM_EEMSHAVEN_KM));
    assertThat(roundTripUs("GEO-TW-HONEST")).isGreaterThanOrEqualTo(us(TAIPEI_CHANGHUA_KM));
  }

  @Test
  void aChipMovedToSingaporeWithoutATransferIsAMismatch() {
    LocationDecision bySingapore = record(country("SG"), "GEO-DIVERTED", "dsg");
    assertThat(bySingapore.getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(bound(bySingapore, "lm-sg").getExcludesRegion()).isTrue();
    // The US landmark, reaching the chip where it is, finds it a Pacific away.
    LocationDecision byUs = record(country("US"), "GEO-DIVERTED", "dsg");
    assertThat(byUs.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(attestation(byUs, "lm-us").getRoundTripUs())
        .isGreaterThanOrEqualTo(us(WASHINGTON_SINGAPORE_KM));
  }

  @Test
  void aUsHostRelayingToAChipInSingaporeIsFlaggedBecauseTheRelayAddsTheDistance() {
    LocationDecision d = record(country("US"), "GEO-RELAYED", "dus");
    assertThat(d.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(attestation(d, "lm-us").getRoundTripUs())
        .isGreaterThanOrEqualTo(us(ASHBURN_JURONG_KM));
    assertThat(bound(d, "lm-us").getWithinRegion()).isFalse();
  }

  @Test
  void aReplayedAnswerIsRefusedAndSoIsARecordedAttestationPlayedAgain() {
    Country us = country("US");
    LocationAttestation first = measure(us, "GEO-US-REPLAYED", "dus");
    LocationDecision recorded = location(us).recordAttestation(first);
    assertThat(recorded.getAttestationsList()).contains(first);

    // The host plays the chip's first answer back to a fresh nonce, at once: it looks close.
    LocationAttestation replayed = measure(us, "GEO-US-REPLAYED", "dus");
    assertThat(replayed.getNonce()).isNotEqualTo(first.getNonce());
    assertThat(replayed.getChipCounter()).isEqualTo(first.getChipCounter());
    LedgerException e =
        catchThrowableOfType(LedgerException.class, () -> location(us).recordAttestation(replayed));
    assertThat(e.code()).isEqualTo(ErrorCode.ATTESTATION_SIGNATURE_INVALID);

    // The landmark's organisation cannot pass an old measurement off as a new one either.
    LedgerException again =
        catchThrowableOfType(LedgerException.class, () -> location(us).recordAttestation(first));
    assertThat(again.code()).isEqualTo(ErrorCode.ATTESTATION_REPLAYED);
    assertThat(reader().location("GEO-US-REPLAYED").getAttestationsList()).containsExactly(first);
  }

  @Test
  void anOperatorWhoDelaysOnlyMakesTheChipLookFarther() {
    // The diverted chip's Singapore operator holds each answer 200 ms, hoping to look American.
    LocationDecision d = record(country("SG"), "GEO-DELAYED", "dsg");
    assertThat(attestation(d, "lm-sg").getRoundTripUs()).isGreaterThanOrEqualTo(200_000);
    // 200 ms less the 30 ms allowance, at 100 km per ms of round trip: at least 17,000 km.
    assertThat(bound(d, "lm-sg").getRadiusM()).isGreaterThanOrEqualTo(17_000_000);
    assertThat(d.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    // An honest US chip whose operator holds answers 300 ms is pushed out of its own country.
    LocationDecision held = record(country("US"), "GEO-US-HELD", "dus");
    assertThat(bound(held, "lm-us").getRadiusM()).isGreaterThanOrEqualTo(27_000_000);
    assertThat(held.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
  }

  @Test
  void aChipWithoutAFreshAttestationIsUnverified() throws InterruptedException {
    assertThat(reader().location("GEO-US-SILENT").getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
    LocationDecision fresh = honestly(country("US"), "GEO-US-FADING");
    long attested = System.nanoTime();
    assertThat(fresh.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
    LocationVerdict now = fresh.getVerdict();
    long deadline = attested + Duration.ofSeconds(60).toNanos();
    while (now != LocationVerdict.LOCATION_VERDICT_UNVERIFIED && System.nanoTime() < deadline) {
      Thread.sleep(250);
      now = reader().location("GEO-US-FADING").getVerdict();
    }
    assertThat(now).isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
    assertThat(Duration.ofNanos(System.nanoTime() - attested))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(WINDOW_SECONDS - 1));
  }

  /**
   * An honest chip's decision: a first, unrecorded challenge warms the site processes, then up to
   * five recorded ones until one is consistent (a busy machine only ever adds delay).
   */
  private LocationDecision honestly(Country c, String serial) {
    world.attest(c.lm(), serial, c.dc());
    LocationDecision d = null;
    for (int i = 0; i < 5; i++) {
      d = record(c, serial, c.dc());
      if (d.getVerdict() == LocationVerdict.LOCATION_VERDICT_CONSISTENT) {
        break;
      }
    }
    return d;
  }

  private LocationDecision record(Country c, String serial, String relaySite) {
    return location(c).recordAttestation(measure(c, serial, relaySite));
  }

  private LocationAttestation measure(Country c, String serial, String relaySite) {
    return world.attest(c.lm(), serial, relaySite).getAttestation();
  }

  private LocationClient location(Country c) {
    return LocationClient.of(cast.as(c.landmarkOrg()));
  }

  private LocationClient reader() {
    return LocationClient.of(cast.as("treaty"));
  }

  private long roundTripUs(String serial) {
    return reader().location(serial).getAttestations(0).getRoundTripUs();
  }

  private static LocationBound bound(LocationDecision d, String landmarkId) {
    return d.getBoundsList().stream()
        .filter(b -> b.getLandmarkId().equals(landmarkId))
        .findFirst()
        .orElseThrow();
  }

  private static LocationAttestation attestation(LocationDecision d, String landmarkId) {
    return d.getAttestationsList().stream()
        .filter(a -> a.getLandmarkId().equals(landmarkId))
        .findFirst()
        .orElseThrow();
  }

  /** The round trip in µs that light in fibre needs over {@code km} and back. */
  private static long us(double km) {
    return Math.round(km / 200 * 2 * 1000);
  }

  private static Country country(String code) {
    return COUNTRIES.stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
  }

  private static Country country(String code, String lm, String dc) {
    String cc = code.toLowerCase(java.util.Locale.ROOT);
    return new Country(
        code,
        new Member(
            "landmark-" + cc + "-geo", code + "MSP", code, Role.ROLE_LANDMARK, code + " landmark"),
        "lm-" + cc,
        lm,
        dc);
  }

  private static List<String> chips(List<String> serials, String... more) {
    List<String> args = new ArrayList<>();
    for (String serial : serials) {
      args.addAll(List.of("--chip", serial + "=" + CHIP_SEED + ":" + INDEX.get(serial)));
    }
    args.addAll(List.of(more));
    return args;
  }

  private static void register(LedgerClient fab, String lot, List<String> serials) {
    Map<String, Integer> indices = new LinkedHashMap<>();
    serials.forEach(serial -> indices.put(serial, INDEX.get(serial)));
    LandmarkEnrolment.chips(fab, lot, indices, CHIP_SEED);
  }
}
