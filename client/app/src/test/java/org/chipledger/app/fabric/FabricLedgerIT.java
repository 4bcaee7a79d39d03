package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Licensing;
import org.chipledger.client.fabric.EventStream;
import org.chipledger.client.fabric.FabricEvent;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.fabric.MemberOrg;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.ledger.CustomsAction;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fabric backend against a real network: access control with real certificates (a datacenter
 * cannot register chips, customs act only in their country, one org alone cannot endorse), error
 * codes, MVCC retries and durable events. Every test uses its own chips, transfers and sites.
 */
@Tag("fabric")
class FabricLedgerIT {
  private static final long EVENT_WAIT_SECONDS = 120;

  @TempDir static Path identities;
  private static FabricCast cast;
  private final ChipKeys chipKeys = new ChipKeys();

  @BeforeAll
  static void bootstrappedNetwork() {
    LocalNetwork.freshUp();
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), identities);
    Founding.found(cast, Founding.policy());
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricLedgerIT");
    }
  }

  @Test
  void aDatacenterCannotRegisterChips() {
    assertThatThrownBy(() -> cast.as("dc-sg").registerChips(lot("it-rogue", "ROGUE-1")))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED_ROLE));
    assertCode(() -> cast.as("inspectorate").chip("ROGUE-1"), ErrorCode.CHIP_NOT_FOUND);
  }

  @Test
  void customsOfOneCountryCannotClearAnExportFromAnother() {
    cast.as("fab-tw").registerChips(lot("it-customs", "IT-CUSTOMS-1", "IT-CUSTOMS-2"));
    Licensing.issue(cast, "LIC-IT-1", "fab-tw", "dc-nl", 2, List.of("H100"), Duration.ofDays(30));
    propose("fab-tw", "IT-T-CUSTOMS", "dc-nl", "LIC-IT-1", "IT-CUSTOMS-1", "IT-CUSTOMS-2");
    cast.as("dc-nl").acceptTransfer("IT-T-CUSTOMS");

    assertCode(
        () -> cast.as("customs-nl").customs(CustomsAction.CLEAR_EXPORT, "IT-T-CUSTOMS", ""),
        ErrorCode.CUSTOMS_WRONG_COUNTRY);
    Transfer cleared =
        cast.as("customs-tw").customs(CustomsAction.CLEAR_EXPORT, "IT-T-CUSTOMS", "");
    assertThat(cleared.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
  }

  @Test
  void aTransactionEndorsedByOneOrgAloneFailsTheMajorityPolicyAndChangesNothing() {
    RegisterChipsRequest lot = lot("it-lonely", "IT-LONELY-1");
    try (LedgerClient twOnly =
        new LedgerClient(cast.network().connectTargeting(cast.identity("fab-tw"), "TWMSP"))) {
      assertThatThrownBy(() -> twOnly.registerChips(lot))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ENDORSEMENT_FAILED);
                assertThat(e.getMessage()).contains("ENDORSEMENT_POLICY_FAILURE");
              });
    }
    assertCode(() -> cast.as("inspectorate").chip("IT-LONELY-1"), ErrorCode.CHIP_NOT_FOUND);
    // The same transaction, endorsed as the gateway sees fit, is valid: only the policy failed.
    cast.as("fab-tw").registerChips(lot);
    assertThat(cast.as("inspectorate").chip("IT-LONELY-1").getHolderOrg()).isEqualTo("fab-tw");
  }

  @Test
  void anUnknownChipComesBackAsItsErrorCode() {
    assertThatThrownBy(() -> cast.as("inspectorate").chip("NO-SUCH-CHIP"))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CHIP_NOT_FOUND);
              assertThat(e.getMessage()).startsWith("CHIP_NOT_FOUND: ").contains("NO-SUCH-CHIP");
            });
  }

  @Test
  void aCertificateFromAnotherCaIsUntrusted() {
    Identity impostor =
        CertificateAuthority.create("TWMSP", "impostor CA")
            .issue("fab-tw", Map.of("org", "fab-tw", "role", "fab", "country", "TW"));
    try (LedgerClient client = new LedgerClient(cast.network().connect(impostor))) {
      assertCode(client::policy, ErrorCode.UNTRUSTED_IDENTITY);
    }
  }

  /**
   * Issue 15 §4. Attack: a fab's CA issues a certificate and presents it as its country's customs
   * agency's MSP. The peers check it against that MSP's own CA and refuse it.
   */
  @Test
  void aFabsCaCannotIssueAnIdentityOfTheCustomsMsp() {
    String customsMsp = Cast.member("customs-us").mspId();
    MemberOrg fab = cast.network().config().members().get(Cast.member("fab-us").mspId());
    CertificateAuthority fabCa = CertificateAuthority.load(fab.caCert(), fab.caKey());
    Identity issued =
        fabCa.issue("forged", Map.of("org", "customs-us", "role", "customs", "country", "US"));
    Identity forged = new Identity(customsMsp, issued.certificate(), issued.privateKey());
    cast.as("fab-us").registerChips(lot("it-forged-msp", "IT-FORGED-1"));
    Licensing.issue(
        cast, "LIC-IT-FORGED", "fab-us", "dc-sg", 1, List.of("H100"), Duration.ofDays(30));
    propose("fab-us", "IT-T-FORGED", "dc-sg", "LIC-IT-FORGED", "IT-FORGED-1");
    cast.as("dc-sg").acceptTransfer("IT-T-FORGED");

    try (LedgerClient client = new LedgerClient(cast.network().connect(forged))) {
      assertCode(client::policy, ErrorCode.UNTRUSTED_IDENTITY);
      assertCode(
          () -> client.customs(CustomsAction.CLEAR_EXPORT, "IT-T-FORGED", ""),
          ErrorCode.UNTRUSTED_IDENTITY);
    }
    assertThat(cast.as("inspectorate").transfer("IT-T-FORGED").hasExportClearedAt()).isFalse();
  }

  /**
   * Issue 15 §4. Revoking an organisation is a channel config update that needs a MAJORITY of the
   * orgs' admins: a minority cannot do it; once a majority has, the organisation's members can
   * neither read nor submit, and its history stays readable. Adding it back restores it.
   */
  @Test
  void revokingAnOrganisationNeedsAMajorityAndStopsItsMembers() {
    String revoked = Cast.member("dc-us").mspId();
    cast.as("fab-us").registerChips(lot("it-revoke", "IT-REVOKE-1"));
    propose("fab-us", "IT-T-REVOKE", "dc-us", "", "IT-REVOKE-1");
    cast.as("dc-us").acceptTransfer("IT-T-REVOKE");

    LocalNetwork.ScriptRun minority =
        LocalNetwork.org(
            "remove",
            revoked,
            "--signers",
            "TWMSP,USMSP,NLMSP,SGMSP,TreatyMSP,FabTWMSP,FabUSMSP,CustomsTWMSP");
    assertThat(minority.exitCode()).as(minority.output()).isNotZero();
    assertThat(minority.output())
        .contains("the orderer refused the config update")
        .contains("8 sub-policies were satisfied, but this policy requires 9 of the 'Admins'");
    assertThat(cast.as("dc-us").policy()).isNotNull();

    LocalNetwork.ScriptRun majority = LocalNetwork.org("remove", revoked);
    try {
      assertThat(majority.exitCode()).as(majority.output()).isZero();
      try (LedgerClient member = new LedgerClient(cast.network().connect(cast.identity("dc-us")))) {
        assertCode(member::policy, ErrorCode.UNTRUSTED_IDENTITY);
        assertCode(
            () -> propose(member, "IT-T-REVOKED", "fab-us", "IT-REVOKE-1"),
            ErrorCode.UNTRUSTED_IDENTITY);
      }
      assertThat(cast.as("inspectorate").chip("IT-REVOKE-1").getHolderOrg()).isEqualTo("dc-us");
      assertThat(
              cast.as("inspectorate")
                  .chipHistory(HistoryRequest.newBuilder().setSerial("IT-REVOKE-1").build())
                  .getVersionsList())
          .extracting(v -> v.getChip().getHolderOrg())
          .contains("fab-us", "dc-us");
    } finally {
      LocalNetwork.ScriptRun added = LocalNetwork.org("add", revoked);
      assertThat(added.exitCode()).as(added.output()).isZero();
    }
    try (LedgerClient member = new LedgerClient(cast.network().connect(cast.identity("dc-us")))) {
      assertThat(propose(member, "IT-T-READMITTED", "fab-us", "IT-REVOKE-1").getFromOrg())
          .isEqualTo("dc-us");
    }
  }

  private static Transfer propose(LedgerClient from, String id, String to, String... serials) {
    return from.proposeTransfer(
        ProposeTransferRequest.newBuilder()
            .setTransferId(id)
            .setToOrg(to)
            .addAllSerials(List.of(serials))
            .build());
  }

  @Test
  void concurrentProposalsOfOneChipLeaveOneWinnerAndRuleRejections() throws Exception {
    cast.as("fab-us").registerChips(lot("it-race", "IT-RACE-1"));
    int racers = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<Transfer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        String id = "IT-T-RACE-" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return propose("fab-us", id, "dc-us", "", "IT-RACE-1");
                }));
      }
      start.countDown();
      int winners = 0;
      List<ErrorCode> losers = new ArrayList<>();
      for (Future<Transfer> result : results) {
        try {
          result.get(5, TimeUnit.MINUTES);
          winners++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(LedgerException.class);
          losers.add(((LedgerException) e.getCause()).code());
        }
      }
      // A loser whose commit hit an MVCC conflict was endorsed again and then met the rule.
      assertThat(winners).isEqualTo(1);
      assertThat(losers).hasSize(racers - 1).containsOnly(ErrorCode.CHIP_NOT_AVAILABLE);
      assertThat(cast.as("fab-us").chip("IT-RACE-1").getStatus())
          .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eventsResumeAfterTheCheckpointWithoutRepeats(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("events.checkpoint");
    BlockingQueue<FabricEvent> first = new LinkedBlockingQueue<>();
    try (FabricLedger ledger = cast.network().connect(cast.identity("inspectorate"))) {
      try (EventStream unused = ledger.events(checkpoint, 0, first::add)) {
        site("it-events-1");
        List<FabricEvent> seen = awaitSite(first, "it-events-1");
        assertThat(seen.get(0).event().getKindCase()).isEqualTo(LedgerEvent.KindCase.POLICY_SET);
        assertThat(seen)
            .filteredOn(e -> e.event().hasOrganizationRegistered())
            .hasSize(Cast.MEMBERS.size());
      }

      site("it-events-2");
      BlockingQueue<FabricEvent> resumed = new LinkedBlockingQueue<>();
      try (EventStream unused = ledger.events(checkpoint, 0, resumed::add)) {
        List<FabricEvent> seen = awaitSite(resumed, "it-events-2");
        assertThat(seen).hasSize(1);
      }
    }
  }

  private static void site(String siteId) {
    cast.as("dc-nl")
        .registerSite(
            RegisterSiteRequest.newBuilder()
                .setSiteId(siteId)
                .setCountry("NL")
                .setName(siteId)
                .build());
  }

  /** Events up to and including the registration of {@code siteId}, in order. */
  private static List<FabricEvent> awaitSite(BlockingQueue<FabricEvent> events, String siteId)
      throws InterruptedException {
    List<FabricEvent> seen = new ArrayList<>();
    while (true) {
      FabricEvent event = events.poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(event).as("an event within %d s; so far %s", EVENT_WAIT_SECONDS, seen).isNotNull();
      seen.add(event);
      if (event.event().getSiteRegistered().getSiteId().equals(siteId)) {
        return seen;
      }
    }
  }

  private static Transfer propose(
      String from, String transferId, String to, String licence, String... serials) {
    return cast.as(from)
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId(transferId)
                .addAllSerials(List.of(serials))
                .setToOrg(to)
                .setLicenceRef(licence)
                .build());
  }

  private RegisterChipsRequest lot(String lotId, String... serials) {
    RegisterChipsRequest.Builder request = RegisterChipsRequest.newBuilder().setLotId(lotId);
    for (String serial : serials) {
      request.addChips(
          ChipSpec.newBuilder()
              .setSerial(serial)
              .setModel("H100")
              .setTpp(15_832)
              .setPublicKey(ByteString.copyFrom(chipKeys.generate().getPublic().getEncoded()))
              .setFirmwareVersion("fw-2.4.1"));
    }
    return request.build();
  }

  private static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
