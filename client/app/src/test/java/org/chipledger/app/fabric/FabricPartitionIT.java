package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.fabric.LocalNetwork.ScriptRun;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Countries apart: a network namespace per country and WAN delays between them from the
 * great-circle distances of their capitals (checked first, by the handshakes they cost). Then one
 * country cut off from the others: the other three orderers keep ordering, another country's
 * transfers still commit with the other peers' MAJORITY endorsement, {@code network.sh status}
 * flags the cut-off orderer and peer as lagging, and after healing both catch up to the same height
 * and custody state. Then two countries cut off: no quorum, clear errors in bounded time, no fork,
 * and ordering resumes after healing. Last, a slow country (its links at ten times their delay):
 * transfers still commit and it keeps up.
 */
@Tag("fabric")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricPartitionIT {
  private static final List<String> ORDERER_COUNTRIES = List.of("tw", "us", "nl", "sg");
  private static final Map<String, String> PEER_MSP =
      Map.of("tw", "TWMSP", "us", "USMSP", "nl", "NLMSP", "sg", "SGMSP");
  private static final int CHIPS = 60;
  private static final int SLOW_FIRST = 40;
  private static final int SLOW_FACTOR = 10;
  // Capitals where each country's nodes stand (the secretariat in Vienna): latitude, longitude.
  private static final Map<String, double[]> CAPITAL =
      Map.of(
          "tw", new double[] {25.0330, 121.5654},
          "us", new double[] {38.9072, -77.0369},
          "nl", new double[] {52.3676, 4.9041},
          "sg", new double[] {1.3521, 103.8198},
          "treaty", new double[] {48.2082, 16.3738});
  private static final Map<String, String> ORDERER_ADDRESS =
      Map.of(
          "tw", "10.231.0.11:7050",
          "us", "10.231.0.12:7150",
          "nl", "10.231.0.13:7250",
          "sg", "10.231.0.14:7350");
  private static final double JITTER_MS = 2;
  private static final int DURING_CUT = 10;
  private static final int LAG_BOUND = 2;
  private static final Duration WAIT = Duration.ofMinutes(5);
  // Each send waits for the gateway's broadcast, then 20 s for a commit status; three sends in all.
  private static final Duration NO_QUORUM_BOUND = Duration.ofMinutes(4);
  // The transfers are fab-us -> dc-us, through the US peer's gateway; US is never the one cut off.
  private static final String REFERENCE = "us";

  @TempDir static Path identities;
  private static FabricCast cast;
  private static List<String> serials;

  @BeforeAll
  static void netnsNetworkWithChips() {
    LocalNetwork.freshUpWan();
    assumeTrue(
        "netns".equals(LocalNetwork.layout()),
        "network.sh could not make network namespaces here (needs root and `ip netns`); it ran the"
            + " loopback layout, where a country can't be cut off");
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), identities);
    Founding.found(cast, Founding.policy());
    serials = TestLots.register(cast, "partition", "CUT-%04d", CHIPS);
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricPartitionIT");
    }
  }

  /**
   * The delay table is light in fibre over the great circle between capitals plus a 5 ms hop, and
   * each link costs it: a TLS handshake from one country's namespace to another's orderer takes at
   * least one round trip, two one-way delays.
   */
  @Test
  @Order(0)
  void eachLinkBetweenCountriesCostsItsGreatCircleDelay() {
    String table = LocalNetwork.wan("table");
    for (String from : ORDERER_COUNTRIES) {
      for (String to : ORDERER_COUNTRIES) {
        if (from.equals(to)) {
          continue;
        }
        long expected = Math.round(greatCircleKm(from, to) / 200 + 5);
        assertThat(tableDelay(table, from, to))
            .as("%s -> %s in\n%s", from, to, table)
            .isBetween(expected - 1, expected + 1);
        Duration handshake = LocalNetwork.tlsHandshake(from, ORDERER_ADDRESS.get(to));
        System.out.printf(
            "WAN: %s -> orderer.%s %d ms one way (table), TLS handshake %d ms%n",
            from, to, expected, handshake.toMillis());
        assertThat(handshake.toNanos() / 1e6)
            .as("TLS handshake %s -> orderer.%s", from, to)
            .isGreaterThanOrEqualTo(2 * (expected - JITTER_MS));
      }
    }
  }

  @Test
  @Order(1)
  void aCutOffCountryFallsBehindAloneAndCatchesUpAfterHealing() {
    // Cutting off the BFT leader's country is the harder case: the rest must change views first.
    String leader = LocalNetwork.leader();
    String cut =
        leader.equals("orderer." + REFERENCE) ? "nl" : leader.substring("orderer.".length());
    List<String> others = ORDERER_COUNTRIES.stream().filter(c -> !c.equals(cut)).toList();
    long before = LocalNetwork.height("orderer." + REFERENCE);

    LocalNetwork.partition(cut);
    Instant cutAt = Instant.now();
    Map<String, String> failed = new LinkedHashMap<>();
    List<Instant> acks;
    try {
      acks = transfersWhileCut(cutAt, failed);
      assertOnlyTheCutOffNodesLag(cut, others, before);
    } finally {
      LocalNetwork.heal(cut);
    }
    Instant healedAt = Instant.now();
    awaitTrue(
        "orderer." + cut + " and peer." + cut + " at the height of orderer." + REFERENCE,
        () -> {
          long reference = LocalNetwork.height("orderer." + REFERENCE);
          return LocalNetwork.height("orderer." + cut) == reference
              && LocalNetwork.height("peer." + cut) == reference;
        });
    Duration catchUp = Duration.between(healedAt, Instant.now());

    System.out.printf(
        "netns partition: cut off %s (leader before: %s, after: %s); first transfer acknowledged"
            + " %s after the cut, %d acknowledged (at %s s), %d failed %s, longest gap between"
            + " acknowledgements %s; after healing orderer.%s and peer.%s reached height %d in %s%n",
        cut,
        leader,
        LocalNetwork.leader(),
        Duration.between(cutAt, acks.get(0)),
        acks.size(),
        acks.stream()
            .map(ack -> String.format("%.1f", Duration.between(cutAt, ack).toMillis() / 1000.0))
            .toList(),
        failed.size(),
        failed.values().stream().distinct().toList(),
        longestGap(cutAt, acks),
        cut,
        cut,
        LocalNetwork.height("orderer." + cut),
        catchUp);
    assertThat(LocalNetwork.status(LAG_BOUND).exitCode()).as("status after healing").isZero();

    assertSameCustody(cut);
  }

  /**
   * Two of four countries cut off: no quorum of orderers is left (SmartBFT needs 3 of 4), so a
   * transfer must be refused with a clear code within a bounded time instead of hanging; nothing
   * forks, nothing acknowledged before the cut is lost, and after healing ordering resumes by
   * itself on every node.
   */
  @Test
  @Order(2)
  void twoCountriesCutOffStopOrderingWithClearErrorsAndResumeAfterHealing() {
    List<String> cut = List.of("nl", "sg");
    String acknowledgedBefore = serials.get(CHIPS - 1);
    propose(acknowledgedBefore);
    long before = LocalNetwork.height("orderer." + REFERENCE);

    cut.forEach(LocalNetwork::partition);
    Instant cutAt = Instant.now();
    LedgerException refused;
    Duration toError;
    try {
      refused = catchThrowableOfType(LedgerException.class, () -> propose(serials.get(CHIPS - 2)));
      toError = Duration.between(cutAt, Instant.now());
      assertThat(refused).as("a transfer with no quorum of orderers").isNotNull();
      // Where the cut bites first depends on the peers the gateway picks: endorsement by a cut-off
      // peer (ENDORSEMENT_FAILED once its call times out) or ordering without a quorum
      // (LEDGER_UNAVAILABLE after the resends). Both are refusals in bounded time, not a hang.
      assertThat(refused.code())
          .as("%s", refused.getMessage())
          .isIn(ErrorCode.LEDGER_UNAVAILABLE, ErrorCode.ENDORSEMENT_FAILED);
      assertThat(toError).as("time to the error").isLessThan(NO_QUORUM_BOUND);
      assertThat(LocalNetwork.height("orderer." + REFERENCE))
          .as("no block was cut without a quorum")
          .isEqualTo(before);
    } finally {
      cut.forEach(LocalNetwork::heal);
    }
    Instant healedAt = Instant.now();
    String afterHeal = serials.get(CHIPS - 3);
    awaitTrue("a transfer commits again after healing", () -> proposedNowOrBefore(afterHeal));
    Duration resumed = Duration.between(healedAt, Instant.now());
    awaitTrue(
        "every orderer and peer at the same height",
        () -> {
          long reference = LocalNetwork.height("orderer." + REFERENCE);
          return ORDERER_COUNTRIES.stream()
              .allMatch(
                  c ->
                      LocalNetwork.height("orderer." + c) == reference
                          && LocalNetwork.height("peer." + c) == reference);
        });
    Duration converged = Duration.between(healedAt, Instant.now());

    System.out.printf(
        "netns partition: cut off %s; refused after %s (%s); after healing a transfer"
            + " committed in %s and every node reached the same height in %s%n",
        cut, toError, refused.getMessage(), resumed, converged);
    assertThat(cast.as("treaty").chip(acknowledgedBefore).getStatus())
        .as("acknowledged before the cut")
        .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
    cut.forEach(FabricPartitionIT::assertSameCustody);
  }

  /**
   * A slow country, every link to and from Singapore at ten times its delay: transfers through the
   * US still commit (three orderers make a quorum without it), Singapore's nodes stay within the
   * lag bound of the others, and after its links recover every node is at one height.
   */
  @Test
  @Order(3)
  void aSlowCountryDelaysNobodyElsesTransfersAndKeepsUp() {
    String slow = "sg";
    long oneWay = Math.round(greatCircleKm("tw", slow) / 200 + 5);
    LocalNetwork.wan("slow", slow, Integer.toString(SLOW_FACTOR));
    Instant slowAt = Instant.now();
    List<Duration> latencies = new ArrayList<>();
    try {
      Duration handshake = LocalNetwork.tlsHandshake("tw", ORDERER_ADDRESS.get(slow));
      assertThat(handshake.toNanos() / 1e6)
          .as("TLS handshake tw -> orderer.%s at %dx", slow, SLOW_FACTOR)
          .isGreaterThanOrEqualTo(2 * (SLOW_FACTOR * oneWay - JITTER_MS));
      for (int i = SLOW_FIRST; i < SLOW_FIRST + DURING_CUT; i++) {
        Instant start = Instant.now();
        propose(serials.get(i));
        latencies.add(Duration.between(start, Instant.now()));
      }
      awaitTrue(
          "orderer." + slow + " and peer." + slow + " within " + LAG_BOUND + " blocks",
          () -> LocalNetwork.status(LAG_BOUND).exitCode() == 0);
    } finally {
      LocalNetwork.wan("slow", slow, "1");
    }
    awaitTrue(
        "every orderer and peer at the same height",
        () -> {
          long reference = LocalNetwork.height("orderer." + REFERENCE);
          return LocalNetwork.height("orderer." + slow) == reference
              && LocalNetwork.height("peer." + slow) == reference;
        });
    System.out.printf(
        "WAN: %s at %dx its delay for %s: %d transfers committed, latencies %s%n",
        slow, SLOW_FACTOR, Duration.between(slowAt, Instant.now()), latencies.size(), latencies);
    assertThat(cast.as("treaty").chip(serials.get(SLOW_FIRST)).getStatus())
        .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
    assertSameCustody(slow);
  }

  /** Great-circle distance between two countries' capitals (haversine, R = 6371 km). */
  private static double greatCircleKm(String a, String b) {
    double[] p = CAPITAL.get(a);
    double[] q = CAPITAL.get(b);
    double dLat = Math.toRadians(q[0] - p[0]);
    double dLon = Math.toRadians(q[1] - p[1]);
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(p[0]))
                * Math.cos(Math.toRadians(q[0]))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }

  /**
   * The one-way delay in ms that {@code network.sh wan table} prints from one country to another.
   */
  private static long tableDelay(String table, String from, String to) {
    List<String> lines = table.lines().toList();
    List<String> header = List.of(lines.get(1).trim().split("\\s+"));
    String row =
        lines.stream()
            .filter(line -> line.startsWith(from + " "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no row " + from + " in\n" + table));
    // cells look like "68 ms (12647 km)" or "-"; split the row into its cells by the "ms (... km)"
    // ends
    List<String> cells = new ArrayList<>();
    Matcher m =
        Pattern.compile("(\\d+) ms \\(\\d+ km\\)|(?<=\\s)-(?=\\s|$)")
            .matcher(row.substring(from.length()));
    while (m.find()) {
      cells.add(m.group(1) == null ? "-" : m.group(1));
    }
    return Long.parseLong(cells.get(header.indexOf(to) - 1));
  }

  /** Proposes the chip's transfer; true if it committed now or by an earlier, unanswered try. */
  private static boolean proposedNowOrBefore(String serial) {
    try {
      propose(serial);
      return true;
    } catch (LedgerException refused) {
      try {
        return cast.as("treaty").chip(serial).getStatus()
            == ChipStatus.CHIP_STATUS_PENDING_TRANSFER;
      } catch (LedgerException unavailable) {
        return false;
      }
    }
  }

  /** Transfers by fab-us, one at a time, until {@code DURING_CUT} are acknowledged. */
  private static List<Instant> transfersWhileCut(Instant cutAt, Map<String, String> failed) {
    List<Instant> acks = new ArrayList<>();
    int next = 0;
    while (acks.size() < DURING_CUT) {
      assertThat(next).as("chips left to transfer (failures: %s)", failed).isLessThan(CHIPS);
      assertThat(Instant.now())
          .as("%d transfers within %s", DURING_CUT, WAIT)
          .isBefore(cutAt.plus(WAIT));
      String serial = serials.get(next++);
      try {
        propose(serial);
        acks.add(Instant.now());
      } catch (LedgerException e) {
        failed.put(serial, e.getMessage());
      }
    }
    return acks;
  }

  /**
   * The other countries' nodes moved on by the transfers; the cut-off ones did not and are flagged.
   */
  private static void assertOnlyTheCutOffNodesLag(String cut, List<String> others, long before) {
    long target = before + DURING_CUT;
    for (String country : others) {
      awaitTrue(
          "orderer." + country + " and peer." + country + " at height " + target,
          () ->
              LocalNetwork.height("orderer." + country) >= target
                  && LocalNetwork.height("peer." + country) >= target);
    }
    assertThat(LocalNetwork.height("orderer." + cut))
        .as("the cut-off orderer's height")
        .isLessThanOrEqualTo(before + 1);
    assertThat(LocalNetwork.height("peer." + cut))
        .as("the cut-off peer's height")
        .isLessThanOrEqualTo(before + 1);

    ScriptRun status = LocalNetwork.status(LAG_BOUND);
    assertThat(status.exitCode()).as("status exit code\n%s", status.output()).isEqualTo(3);
    assertThat(status.row(ordererRow(cut))).contains("cut off", "LAGGING");
    assertThat(status.row(peerRow(cut))).contains("cut off", "LAGGING");
    for (String country : others) {
      assertThat(status.row(ordererRow(country))).doesNotContain("LAGGING", "cut off");
      assertThat(status.row(peerRow(country))).doesNotContain("LAGGING", "cut off");
    }
    assertThat(status.row("peer0.secretariat.treaty")).doesNotContain("LAGGING");
  }

  /**
   * The caught-up peer holds the same custody state as the reference peer; on a new connection, as
   * the old channel to the cut-off peer may still be backing off.
   */
  private static void assertSameCustody(String cut) {
    try (FabricNetwork network = FabricNetwork.open(LocalNetwork.GATEWAY);
        LedgerClient onCut =
            new LedgerClient(
                network.connectTargeting(cast.identity("inspectorate"), PEER_MSP.get(cut)));
        LedgerClient onReference =
            new LedgerClient(
                network.connectTargeting(cast.identity("inspectorate"), PEER_MSP.get(REFERENCE)))) {
      assertThat(CustodyDigest.of(onCut)).isEqualTo(CustodyDigest.of(onReference));
      assertThat(onCut.chip(serials.get(0)).getStatus())
          .isIn(ChipStatus.CHIP_STATUS_PENDING_TRANSFER, ChipStatus.CHIP_STATUS_ACTIVE);
    }
  }

  private static void propose(String serial) {
    cast.as("fab-us")
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId("T-" + serial)
                .addSerials(serial)
                .setToOrg("dc-us")
                .build());
  }

  private static String ordererRow(String country) {
    return "orderer.ord." + country + ".treaty";
  }

  private static String peerRow(String country) {
    return "peer0." + country + ".treaty";
  }

  private static Duration longestGap(Instant since, List<Instant> acks) {
    Duration longest = Duration.ZERO;
    Instant previous = since;
    for (Instant ack : acks) {
      Duration gap = Duration.between(previous, ack);
      longest = gap.compareTo(longest) > 0 ? gap : longest;
      previous = ack;
    }
    return longest;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
