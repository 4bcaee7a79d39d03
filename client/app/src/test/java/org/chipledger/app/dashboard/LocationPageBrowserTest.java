package org.chipledger.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chipledger.app.landmark.LandmarkEnrolment;
import org.chipledger.chaincode.location.ChallengeBytes;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's location page (issue 21 item 6) in headless Chromium: on a ledger where one US
 * chip is vouched for by the Washington landmark, one answers the Singapore landmark within 200 km
 * and one was never challenged, the map's US marker and the table count one chip of each verdict,
 * and the mismatched chip's row shows the attestation that placed it in Singapore. Fails if
 * Chromium is not installed ({@code ./test.sh} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocationPageBrowserTest {
  private static final long SEED = 2141;
  private static final Member LANDMARK_US =
      new Member("landmark-us", "USMSP", "US", Role.ROLE_LANDMARK, "US landmark");
  private static final Member LANDMARK_SG =
      new Member("landmark-sg", "SGMSP", "SG", Role.ROLE_LANDMARK, "Singapore landmark");
  private static final List<String> CHIPS = List.of("MAP-US-OK", "MAP-US-GONE", "MAP-US-QUIET");

  private EmbeddedCast cast;
  private DashboardServer server;
  private HeadlessBrowser browser;
  private long counter = 1;

  @BeforeAll
  void aLedgerWithOneChipOfEachVerdict(@TempDir Path dir) {
    cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"));
    Founding.found(
        cast,
        Founding.policy().toBuilder()
            .addLocationRegions(LandmarkEnrolment.region("US", 39_828_300, -98_579_500, 2_600))
            .addLocationRegions(LandmarkEnrolment.region("SG", 1_352_100, 103_819_800, 300))
            .setLocationKmPerMs(200)
            .setLocationSigningAllowanceUs(30_000)
            .build());
    LandmarkEnrolment.organisation(cast, LANDMARK_US);
    LandmarkEnrolment.organisation(cast, LANDMARK_SG);
    LandmarkEnrolment.landmark(
        cast, LANDMARK_US, "lm-washington", 38_907_200, -77_036_900, landmarkKey(0).getPublic());
    LandmarkEnrolment.landmark(
        cast, LANDMARK_SG, "lm-singapore", 1_352_100, 103_819_800, landmarkKey(1).getPublic());
    Map<String, Integer> chips = new LinkedHashMap<>();
    for (int i = 0; i < CHIPS.size(); i++) {
      chips.put(CHIPS.get(i), 10 + i);
    }
    LandmarkEnrolment.chips(cast.as("fab-us"), "LOT-MAP", chips, SEED);
    // 35 ms less the 30 ms allowance: within 500 km of Washington, inside the US disk.
    assertThat(attest(LANDMARK_US, "lm-washington", 0, "MAP-US-OK", 0, 35_000).getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
    // 32 ms: within 200 km of Singapore, 14,901 km from the US disk's centre.
    assertThat(attest(LANDMARK_SG, "lm-singapore", 1, "MAP-US-GONE", 1, 32_000).getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    server = DashboardServer.start(cast.as("treaty"), Optional.empty(), "127.0.0.1", 0);
    browser = HeadlessBrowser.start();
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (cast != null) {
      cast.close();
    }
  }

  @Test
  void theMapAndTableCountEachVerdictAndTheMismatchShowsItsAttestation() throws IOException {
    WebElement page = browser.open(server.url(), "location");
    // As the other pages: in target/, and in docs/dashboard with -Dchipledger.screenshots=DIR.
    byte[] png = browser.screenshot();
    List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "dashboard-screenshots")));
    Optional.ofNullable(System.getProperty("chipledger.screenshots"))
        .map(Path::of)
        .ifPresent(dirs::add);
    for (Path d : dirs) {
      Files.createDirectories(d);
      Files.write(d.resolve("location.png"), png);
    }
    WebElement us =
        page.findElement(By.cssSelector("#location-map g.map-marker[data-country='US']"));
    assertThat(us.getAttribute("class")).contains("mismatched");
    assertThat(
            List.of(
                us.getAttribute("data-consistent"),
                us.getAttribute("data-unverified"),
                us.getAttribute("data-mismatched")))
        .containsExactly("1", "1", "1");
    assertThat(us.findElement(By.tagName("text")).getText()).isEqualTo("US ✓1 ?1 ✗1");
    assertThat(page.findElements(By.cssSelector("#location-map .map-landmark"))).hasSize(2);
    assertThat(page.findElements(By.cssSelector("#location-map .map-region"))).hasSize(2);

    assertThat(rows(page.findElement(By.id("location-summary"))))
        .containsExactly(List.of("US", "1", "1", "1"));

    List<List<String>> mismatch = rows(page.findElement(By.id("mismatch-attestations")));
    assertThat(mismatch).hasSize(1);
    assertThat(mismatch.get(0).subList(0, 7))
        .containsExactly("MAP-US-GONE", "US", "lm-singapore", "32.0", "200", "14,901", "excludes");
  }

  private static KeyPair landmarkKey(int index) {
    return ChipKeys.derive(SEED, index);
  }

  /** Records what landmark {@code id} would sign for a challenge answered in {@code rttUs}. */
  private org.chipledger.proto.ledger.v1.LocationDecision attest(
      Member org, String id, int landmarkKey, String serial, int chip, long rttUs) {
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    long n = counter++;
    KeyPair chipKeys = ChipKeys.derive(SEED, 10 + chip);
    Instant now = Instant.now();
    LocationAttestation body =
        LocationAttestation.newBuilder()
            .setSerial(serial)
            .setNonce(ByteString.copyFrom(nonce))
            .setChipCounter(n)
            .setChipSignature(
                ByteString.copyFrom(
                    new ChipSigner(chipKeys.getPrivate())
                        .sign(ChallengeBytes.chip(nonce, serial, n))))
            .setRoundTripUs(rttUs)
            .setLandmarkId(id)
            .setMeasuredAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
    LocationAttestation signed =
        body.toBuilder()
            .setLandmarkSignature(
                ByteString.copyFrom(
                    EcdsaSignatures.sign(
                        landmarkKey(landmarkKey).getPrivate(), ChallengeBytes.landmark(body))))
            .build();
    return LocationClient.of(cast.as(org)).recordAttestation(signed);
  }

  private static List<List<String>> rows(WebElement table) {
    List<List<String>> rows = new ArrayList<>();
    for (WebElement tr : table.findElements(By.cssSelector("tbody tr"))) {
      rows.add(tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
    }
    return rows;
  }
}
