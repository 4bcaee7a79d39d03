package org.chipledger.app.demo;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.chipledger.app.landmark.ChallengeRelay;
import org.chipledger.app.landmark.LandmarkEnrolment;
import org.chipledger.app.landmark.LandmarkStation;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.firmware.ChallengeResponder;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.UnaccountedChip;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;

/**
 * The demo's location chapter (issue 21): landmarks in Washington, Amsterdam and Singapore
 * challenge chips through their datacenters' hosts. Chips where the ledger says they are come out
 * consistent; a Prairie Compute chip quietly shipped 11,000 km away, whose US host still passes the
 * challenges on, answers too late to be in the US and is flagged {@code LOCATION_MISMATCH}. Hosts
 * and chips run on loopback here; each link adds the delay of its great-circle distance at 200
 * km/ms (the namespaces of {@code network-config/geo.sh} do the same with Toxiproxy in tests).
 */
public final class LocationChapter implements DemoChapter {
  private static final int DIVERTED_KM = 11_000;
  private static final int HOST_KM = 40;
  private static final long ALLOWANCE_US = 30_000;

  /** A landmark: its organisation, id, coordinates in micro-degrees and key index. */
  private record Site(Member org, String id, long lat, long lon, String city) {}

  private static final List<Site> LANDMARKS =
      List.of(
          new Site(member("US"), "lm-washington", 38_907_200, -77_036_900, "Washington"),
          new Site(member("NL"), "lm-amsterdam", 52_367_600, 4_904_100, "Amsterdam"),
          new Site(member("SG"), "lm-singapore", 1_352_100, 103_819_800, "Singapore"));

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @Override
  public String name() {
    return "location";
  }

  @Override
  public String title() {
    return "Location: landmarks time chips' answers, and a diverted chip is caught";
  }

  @Override
  public void play(Context context) throws Exception {
    try {
      playOn(context);
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      servers.forEach(Server::shutdownNow);
    }
  }

  private void playOn(Context context) throws IOException {
    Cast cast = context.cast();
    Page page = context.page();
    LedgerClient admin = cast.as(Cast.ADMIN.orgId());
    admin.setPolicy(
        admin.policy().toBuilder()
            .clearLocationRegions()
            .addAllLocationRegions(LandmarkEnrolment.worldRegions())
            .setLocationKmPerMs(200)
            .setLocationSigningAllowanceUs((int) ALLOWANCE_US)
            .build());
    page.say(
        "The secretariat sets the location rules: a region disk per country, signals at 200 km"
            + " per ms in fibre, 30 ms allowed for a chip to sign.");
    List<LandmarkStation> stations = new ArrayList<>();
    for (int i = 0; i < LANDMARKS.size(); i++) {
      stations.add(landmark(cast, LANDMARKS.get(i), context.seed(), i));
    }
    page.say(
        "It registers landmark servers in Washington, Amsterdam and Singapore, each run by a"
            + " landmark organisation of its country.");

    String us = usable(context, "us-east-1", 0);
    String diverted = usable(context, "us-east-1", 1);
    String nl = usable(context, "ams-1", 0);
    String sg = usable(context, "sg-1", 0);
    List<List<String>> rows = new ArrayList<>();
    rows.add(honest(context, stations.get(0), us, "dc-us us-east-1"));
    rows.add(honest(context, stations.get(1), nl, "dc-nl ams-1"));
    rows.add(honest(context, stations.get(2), sg, "dc-sg sg-1"));
    page.say(
        "Each landmark sends a fresh nonce through a datacenter host in its country to a chip"
            + " there; the chip signs it, and the round trip bounds how far away it can be.");

    // The diverted chip: its US host passes challenges on over 11,000 km of fibre.
    ChipChallengeGrpc.ChipChallengeBlockingStub farAway =
        relay(Map.of(diverted, chip(context, diverted)), DIVERTED_KM);
    LocationDecision caught =
        stations.get(0).attest(diverted, relay(Map.of(diverted, farAway), HOST_KM)).getDecision();
    rows.add(row(caught, "dc-us us-east-1, relayed " + String.format("%,d", DIVERTED_KM) + " km"));
    page.say(
        String.format(
            "Prairie Compute ships chip %s to a datacenter %,d km away, outside the treaty, without"
                + " a transfer; its US host still answers for it by passing the challenges on.",
            diverted, DIVERTED_KM));
    page.table(
        List.of("chip", "ledger country", "host", "landmark", "round trip", "bound", "verdict"),
        rows);
    LocationBound bound = caught.getBounds(0);
    page.say(
        String.format(
            "%s's answer took %,d ms: it is up to %,d km from Washington, so no landmark can place"
                + " it in the US: %s, an event for the inspectorate and a chip unaccounted for.",
            diverted,
            caught.getAttestations(0).getRoundTripUs() / 1000,
            bound.getRadiusM() / 1000,
            verdict(caught.getVerdict())));
    page.line("");
    page.line("See for yourself, for example:");
    page.line("  " + context.cli() + " --identity inspectorate landmark location");
    page.line(
        "  " + context.cli() + " --identity inspectorate landmark location --serial " + diverted);
    page.line(
        "  " + context.cli() + " --identity inspectorate dashboard   # the Location page's map");
  }

  /** An honest chip's row: a few tries, since a busy machine only ever adds delay. */
  private List<String> honest(Context context, LandmarkStation station, String serial, String host)
      throws IOException {
    ChipChallengeGrpc.ChipChallengeBlockingStub relay =
        relay(Map.of(serial, chip(context, serial)), HOST_KM);
    LocationDecision decision = station.attest(serial, relay).getDecision();
    for (int i = 0;
        i < 4 && decision.getVerdict() != LocationVerdict.LOCATION_VERDICT_CONSISTENT;
        i++) {
      decision = station.attest(serial, relay).getDecision();
    }
    return row(decision, host);
  }

  private static List<String> row(LocationDecision d, String host) {
    LocationBound b = d.getBounds(0);
    return List.of(
        d.getSerial(),
        d.getCountry(),
        host,
        b.getLandmarkId(),
        d.getVerdict() == LocationVerdict.LOCATION_VERDICT_CONSISTENT
            ? "under 40 ms"
            : String.format("%,d ms", d.getAttestations(0).getRoundTripUs() / 1000),
        b.getExcludesRegion()
            ? "excludes the region"
            : b.getWithinRegion() ? "within the region" : "reaches beyond it",
        verdict(d.getVerdict()));
  }

  private static String verdict(LocationVerdict v) {
    return v.name().replace("LOCATION_VERDICT_", "");
  }

  private LandmarkStation landmark(Cast cast, Site site, long seed, int i) {
    Member org = site.org();
    LandmarkEnrolment.organisation(cast, org);
    long keySeed = seed * 1_000 + 21;
    LandmarkEnrolment.landmark(
        cast, org, site.id(), site.lat(), site.lon(), ChipKeys.derive(keySeed, i).getPublic());
    return new LandmarkStation(
        site.id(),
        ChipKeys.derivePrivate(keySeed, i),
        LocationClient.of(cast.as(org)),
        Duration.ofSeconds(10));
  }

  /** Chip {@code serial}'s firmware answering challenges on loopback. */
  private ChipChallengeGrpc.ChipChallengeBlockingStub chip(Context context, String serial)
      throws IOException {
    return serve(ChallengeResponder.startingNow(serial, context.custody().chipSigner(serial)));
  }

  /** A host's relay whose link adds the round trip of {@code km} of fibre (1 ms per 100 km). */
  private ChipChallengeGrpc.ChipChallengeBlockingStub relay(
      Map<String, ChipChallengeGrpc.ChipChallengeBlockingStub> chips, int km) throws IOException {
    return serve(new ChallengeRelay(chips, Duration.ofNanos(km * 10_000L)));
  }

  private ChipChallengeGrpc.ChipChallengeBlockingStub serve(io.grpc.BindableService service)
      throws IOException {
    Server server =
        io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
    servers.add(server);
    ManagedChannel channel = new LinkSecurity.Plaintext().channelTo("127.0.0.1", server.getPort());
    channels.add(channel);
    return ChipChallengeGrpc.newBlockingStub(channel);
  }

  /**
   * The {@code n}-th chip from the end of {@code site}'s deployment that is still accounted for.
   */
  private static String usable(Context context, String site, int n) {
    Set<String> gone =
        context.custody().unaccounted().getChipsList().stream()
            .map(UnaccountedChip::getSerial)
            .collect(Collectors.toSet());
    List<String> chips =
        context.custody().deployed().getOrDefault(site, List.of()).stream()
            .filter(serial -> !gone.contains(serial))
            .toList();
    return chips.get(chips.size() - 1 - n);
  }

  private static Member member(String country) {
    return new Member(
        "landmark-" + country.toLowerCase(java.util.Locale.ROOT),
        country + "MSP",
        country,
        Role.ROLE_LANDMARK,
        country + " landmark service");
  }
}
