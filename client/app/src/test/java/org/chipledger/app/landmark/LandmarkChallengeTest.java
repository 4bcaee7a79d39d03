package org.chipledger.app.landmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.firmware.ChallengeResponder;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.CountryRegion;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.location.v1.AttestRequest;
import org.chipledger.proto.location.v1.AttestResponse;
import org.chipledger.proto.location.v1.ChallengeRequest;
import org.chipledger.proto.location.v1.ChallengeResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;
import org.chipledger.proto.location.v1.LandmarkServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landmarks challenge chips through their hosts' relays on the embedded ledger. Geography is a test
 * double: each landmark-to-host link and host-to-chip hop adds the delay of its hand-known
 * great-circle distance at the test policy's 20 km/ms (100 µs of round trip per km), so loopback
 * and a busy machine add at most the 20 ms signing allowance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandmarkChallengeTest {
  static final Member LANDMARK_US =
      new Member("landmark-us", "USMSP", "US", Role.ROLE_LANDMARK, "US landmark");
  static final Member LANDMARK_SG =
      new Member("landmark-sg", "SGMSP", "SG", Role.ROLE_LANDMARK, "Singapore landmark");

  // Great-circle distances in km (published figures).
  static final double ASHBURN_WASHINGTON_KM = 42;
  static final double ASHBURN_SINGAPORE_KM = 15_521;
  static final double SINGAPORE_SINGAPORE_KM = 10;

  private EmbeddedCast cast;
  private LandmarkStation washington;
  private LandmarkStation singapore;
  private final Map<String, ChipChallengeGrpc.ChipChallengeBlockingStub> chips = new HashMap<>();
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  void buildTheWorld(@TempDir Path dir) throws Exception {
    cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"));
    Founding.found(
        cast,
        Founding.policy().toBuilder()
            .addLocationRegions(region("US", 39_828_300, -98_579_500, 2_600))
            .addLocationRegions(region("SG", 1_352_100, 103_819_800, 50))
            .setLocationKmPerMs(20)
            .setLocationSigningAllowanceUs(20_000)
            .build());
    LedgerClient admin = cast.as(Cast.ADMIN.orgId());
    for (Member m : List.of(LANDMARK_US, LANDMARK_SG)) {
      admin.registerOrganization(
          RegisterOrganizationRequest.newBuilder()
              .setOrgId(m.orgId())
              .setMspId(m.mspId())
              .setName(m.name())
              .setCountry(m.country())
              .addRoles(m.role())
              .setCaCertPem(cast.rootCaPem(m.mspId()))
              .build());
    }
    washington = station(admin, LANDMARK_US, "lm-washington", 38_907_200, -77_036_900);
    singapore = station(admin, LANDMARK_SG, "lm-singapore", 1_352_100, 103_819_800);
    chipsInTheUs("LM-HONEST", "LM-DIVERTED", "LM-RELAYED", "LM-SILENT", "LM-DELAYED");
  }

  @AfterAll
  void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
    cast.close();
  }

  @Test
  void anHonestChipInTheUsIsConsistent() {
    AttestResponse r = washington.attest("LM-HONEST", relay("LM-HONEST", ASHBURN_WASHINGTON_KM));
    assertThat(r.getDecision().getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
    // 42 km is 4.2 ms of round trip; the measurement can only add to it.
    assertThat(r.getAttestation().getRoundTripUs()).isGreaterThanOrEqualTo(4_200);
  }

  @Test
  void aChipMovedToSingaporeWithoutATransferIsAMismatch() {
    AttestResponse r =
        singapore.attest("LM-DIVERTED", relay("LM-DIVERTED", SINGAPORE_SINGAPORE_KM));
    assertThat(r.getDecision().getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(r.getDecision().getBounds(0).getExcludesRegion()).isTrue();
  }

  @Test
  void aUsHostRelayingToAChipInSingaporeIsFlagged() {
    AttestResponse r =
        washington.attest(
            "LM-RELAYED", relay("LM-RELAYED", ASHBURN_WASHINGTON_KM + ASHBURN_SINGAPORE_KM));
    assertThat(r.getAttestation().getRoundTripUs()).isGreaterThan(1_556_000);
    assertThat(r.getDecision().getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
  }

  @Test
  void anOperatorWhoDelaysOnlyMakesTheChipLookFarther() {
    // The diverted chip's operator holds every answer 1.3 s, hoping to reach the US region.
    AttestResponse r =
        singapore.attest("LM-DELAYED", relay("LM-DELAYED", SINGAPORE_SINGAPORE_KM + 13_000));
    assertThat(r.getDecision().getBounds(0).getRadiusM()).isGreaterThan(12_000_000);
    assertThat(r.getDecision().getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
  }

  @Test
  void aReplayedResponseIsRefusedBecauseTheNonceIsFresh() {
    // The host keeps the chip's first answer and plays it back to the next challenge, quickly.
    ChallengeResponse[] kept = new ChallengeResponse[1];
    ChipChallengeGrpc.ChipChallengeBlockingStub replaying =
        serve(
            new ChipChallengeGrpc.ChipChallengeImplBase() {
              @Override
              public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> o) {
                if (kept[0] == null) {
                  kept[0] = chips.get("LM-HONEST").challenge(request);
                }
                o.onNext(kept[0]);
                o.onCompleted();
              }
            });
    washington.attest("LM-HONEST", replaying);
    LedgerException e =
        catchThrowableOfType(
            LedgerException.class, () -> washington.attest("LM-HONEST", replaying));
    assertThat(e.code()).isEqualTo(ErrorCode.ATTESTATION_SIGNATURE_INVALID);
  }

  @Test
  void aChipWithoutAFreshAttestationIsUnverified() {
    assertThat(LocationClient.of(cast.as("treaty")).location("LM-SILENT").getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
  }

  @Test
  void aClientAttestsThroughTheLandmarkServerAndTheRelayOverMutualTls(@TempDir Path dir)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("LandmarkTLS", "landmark-tls-ca");
    LinkSecurity.TlsFiles landmarkTls = tls(ca, "landmark", dir.resolve("landmark"));
    LinkSecurity.TlsFiles hostTls = tls(ca, "host:ashburn", dir.resolve("host"));
    LinkSecurity.TlsFiles clientTls = tls(ca, "secretariat", dir.resolve("client"));
    Server relay =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new ChallengeRelay(
                    Map.of("LM-HONEST", chips.get("LM-HONEST")),
                    Duration.ofNanos(Math.round(ASHBURN_WASHINGTON_KM * 100_000))))
            .sslContext(
                GrpcSslContexts.forServer(hostTls.certPem().toFile(), hostTls.keyPem().toFile())
                    .trustManager(hostTls.caPem().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build())
            .build()
            .start();
    servers.add(relay);
    try (LandmarkServer server =
        LandmarkServer.start(washington, landmarkTls, new InetSocketAddress("127.0.0.1", 0))) {
      AttestRequest request =
          AttestRequest.newBuilder()
              .setSerial("LM-HONEST")
              .setRelay("127.0.0.1:" + relay.getPort())
              .build();
      ManagedChannel channel = clientTls.channelTo("127.0.0.1", server.port());
      channels.add(channel);
      AttestResponse r = LandmarkServiceGrpc.newBlockingStub(channel).attest(request);
      // Real TLS hops on a shared machine take unpredictable milliseconds: the verdicts under
      // controlled delay are the in-process tests'; here the path and the record are checked.
      assertThat(r.getAttestation().getRoundTripUs()).isGreaterThanOrEqualTo(4_200);
      assertThat(LocationClient.of(cast.as("treaty")).location("LM-HONEST").getAttestationsList())
          .anyMatch(a -> a.getNonce().equals(r.getAttestation().getNonce()));

      // A caller without a certificate of the landmark's CA gets no challenge made.
      ManagedChannel stranger = new LinkSecurity.Plaintext().channelTo("127.0.0.1", server.port());
      channels.add(stranger);
      assertThat(
              catchThrowableOfType(
                  io.grpc.StatusRuntimeException.class,
                  () -> LandmarkServiceGrpc.newBlockingStub(stranger).attest(request)))
          .isNotNull();
    }
  }

  private static LinkSecurity.TlsFiles tls(CertificateAuthority ca, String name, Path dir) {
    return LinkSecurity.TlsFiles.write(
        ca.issueTls(name, List.of("127.0.0.1")), ca.certificatePem(), dir);
  }

  /** The host's relay on a link of {@code km} to the landmark (round trip 100 µs per km). */
  private ChipChallengeGrpc.ChipChallengeBlockingStub relay(String serial, double km) {
    Duration delay = Duration.ofNanos(Math.round(km * 100_000));
    return serve(new ChallengeRelay(Map.of(serial, chips.get(serial)), delay));
  }

  private ChipChallengeGrpc.ChipChallengeBlockingStub serve(
      ChipChallengeGrpc.ChipChallengeImplBase service) {
    String name = InProcessServerBuilder.generateName();
    try {
      servers.add(
          InProcessServerBuilder.forName(name)
              .directExecutor()
              .addService(service)
              .build()
              .start());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    channels.add(channel);
    return ChipChallengeGrpc.newBlockingStub(channel);
  }

  private LandmarkStation station(LedgerClient admin, Member org, String id, long lat, long lon)
      throws Exception {
    KeyPair keys = p256();
    LocationClient.of(admin)
        .registerLandmark(
            Landmark.newBuilder()
                .setLandmarkId(id)
                .setOrgId(org.orgId())
                .setCountry(org.country())
                .setLatitudeMicro(lat)
                .setLongitudeMicro(lon)
                .setPublicKey(ByteString.copyFrom(keys.getPublic().getEncoded()))
                .build());
    return new LandmarkStation(
        id, keys.getPrivate(), LocationClient.of(cast.as(org)), Duration.ofSeconds(10));
  }

  private void chipsInTheUs(String... serials) throws Exception {
    RegisterChipsRequest.Builder lot = RegisterChipsRequest.newBuilder().setLotId("LOT-LM");
    for (String serial : serials) {
      KeyPair keys = p256();
      lot.addChips(
          ChipSpec.newBuilder()
              .setSerial(serial)
              .setModel("H100")
              .setTpp(15_832)
              .setPublicKey(ByteString.copyFrom(keys.getPublic().getEncoded()))
              .setFirmwareVersion("1.0.0"));
      chips.put(
          serial, serve(ChallengeResponder.startingNow(serial, new ChipSigner(keys.getPrivate()))));
    }
    cast.as("fab-us").registerChips(lot.build());
    String transfer =
        cast.as("fab-us")
            .proposeTransfer(
                ProposeTransferRequest.newBuilder()
                    .setTransferId("T-LM")
                    .addAllSerials(List.of(serials))
                    .setToOrg("dc-us")
                    .build())
            .getTransferId();
    cast.as("dc-us").acceptTransfer(transfer);
  }

  private static CountryRegion region(String country, long lat, long lon, int km) {
    return CountryRegion.newBuilder()
        .setCountry(country)
        .setLatitudeMicro(lat)
        .setLongitudeMicro(lon)
        .setRadiusKm(km)
        .build();
  }

  private static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
