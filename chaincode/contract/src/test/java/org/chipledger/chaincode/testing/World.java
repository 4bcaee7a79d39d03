package org.chipledger.chaincode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.chipledger.chaincode.chip.ChipRegistry;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.ModelRegistry;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.licence.Licences;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.ExportLicence;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.VerifierRules;

/**
 * A bootstrapped test ledger with the cast of the multi-country story: a treaty secretariat, fabs
 * in TW and US, customs in TW, US, NL and SG, datacenters in US, NL and SG.
 */
public final class World {
  public static final String FAKE_CA =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  /** The Verifier the test policy names; tests register it as an inspector when they need it. */
  public static final String VERIFIER_ORG = "inspectorate";

  public final InMemoryLedger ledger = new InMemoryLedger();
  public final Caller admin = caller("TreatyMSP", "treaty", "admin", "NL");
  public final Caller fabTw = caller("TWMSP", "fab-tw", "fab", "TW");
  public final Caller fabUs = caller("USMSP", "fab-us", "fab", "US");
  public final Caller customsTw = caller("TWMSP", "customs-tw", "customs", "TW");
  public final Caller customsUs = caller("USMSP", "customs-us", "customs", "US");
  public final Caller customsNl = caller("NLMSP", "customs-nl", "customs", "NL");
  public final Caller customsSg = caller("SGMSP", "customs-sg", "customs", "SG");
  public final Caller dcUs = caller("USMSP", "dc-us", "datacenter", "US");
  public final Caller dcNl = caller("NLMSP", "dc-nl", "datacenter", "NL");
  public final Caller dcSg = caller("SGMSP", "dc-sg", "datacenter", "SG");
  public final Caller licensingTw = caller("TWMSP", "licensing-tw", "licensing", "TW");
  public final Caller licensingUs = caller("USMSP", "licensing-us", "licensing", "US");

  /**
   * The TPPs of the test chips: the world registers one model per TPP ({@link #model}), so that a
   * chip's declared TPP is its model's.
   */
  private static final double[] MODEL_TPPS = {1, 100, 1000, 3000, 4799.9, 4800, 5000, 15_832};

  /** The peak rate of every test model: the rate the compute tests' policy gives chips. */
  public static final double PEAK_FLOP_PER_SECOND = 1e15;

  private static final ByteString CHIP_KEY = p256Key();
  private int transferCounter;

  public World() {
    this(false);
  }

  /**
   * A world whose policy still accepts a licence reference that names no ledger licence, as every
   * reference did before licences were ledger objects: for tests of the transfer lifecycle whose
   * licences are placeholders. Licences themselves are tested on the default world.
   */
  public static World withPaperLicences() {
    return new World(true);
  }

  private World(boolean paperLicences) {
    Policy policy =
        Policy.newBuilder()
            .setControlledTppThreshold(4800)
            .addLicenceRequired(CountryPair.newBuilder().setFromCountry("*").setToCountry("*"))
            .setMaxTransitDays(14)
            .setInvestigationThreshold(50)
            .setVerifierRules(VerifierRules.newBuilder().setVerifierOrg(VERIFIER_ORG))
            .setPaperLicencesAccepted(paperLicences)
            .build();
    tx(
        admin,
        s ->
            Policies.bootstrap(
                s,
                BootstrapRequest.newBuilder()
                    .setPolicy(policy)
                    .setOrgName("Treaty secretariat")
                    .setCaCertPem(FAKE_CA)
                    .build()));
    for (Caller c :
        List.of(
            fabTw,
            fabUs,
            customsTw,
            customsUs,
            customsNl,
            customsSg,
            dcUs,
            dcNl,
            dcSg,
            licensingTw,
            licensingUs)) {
      register(c);
    }
    for (double tpp : MODEL_TPPS) {
      registerModel(model(tpp), tpp, PEAK_FLOP_PER_SECOND);
    }
  }

  /** The test model of chips with this TPP. */
  public static String model(double tpp) {
    return Double.isFinite(tpp)
        ? "TPP-" + java.math.BigDecimal.valueOf(tpp).stripTrailingZeros().toPlainString()
        : "TPP-invalid";
  }

  /** Registers a chip model as the secretariat. */
  public ChipModel registerModel(String model, double tpp, double peakFlopPerSecond) {
    return tx(
        admin,
        s ->
            ModelRegistry.register(
                s,
                ChipModel.newBuilder()
                    .setModel(model)
                    .setTpp(tpp)
                    .setPeakFlopPerSecond(peakFlopPerSecond)
                    .build()));
  }

  /**
   * The exporter's country's licensing authority issues licence {@code id} for {@code quantity}
   * chips of every test model from {@code exporter} to {@code destination}, valid for 30 days.
   */
  public ExportLicence issueLicence(String id, Caller exporter, Caller destination, int quantity) {
    Caller authority = exporter.country().equals("TW") ? licensingTw : licensingUs;
    IssueLicenceRequest.Builder request =
        IssueLicenceRequest.newBuilder()
            .setLicenceId(id)
            .setExporterOrg(exporter.org())
            .setDestinationCountry(destination.country())
            .setDestinationOrg(destination.org())
            .setQuantity(quantity)
            .setExpiresAt(Times.plusSeconds(ledger.now(), 30 * 86_400L));
    for (double tpp : MODEL_TPPS) {
      request.addModels(model(tpp));
    }
    return tx(authority, s -> Licences.issue(s, request.build()));
  }

  public static Caller caller(String msp, String org, String role, String country) {
    return new Caller(msp, org, role, country, "x509::CN=" + org + "::CN=ca." + msp);
  }

  public void register(Caller c) {
    Role role = Role.valueOf("ROLE_" + c.role().toUpperCase(java.util.Locale.ROOT));
    tx(
        admin,
        s ->
            Membership.register(
                s,
                RegisterOrganizationRequest.newBuilder()
                    .setOrgId(c.org())
                    .setMspId(c.mspId())
                    .setName(c.org())
                    .setCountry(c.country())
                    .addRoles(role)
                    .setCaCertPem(FAKE_CA)
                    .build()));
  }

  public <T> T tx(Caller caller, Function<LedgerState, T> fn) {
    return ledger.submit(caller, fn);
  }

  /** Runs a transaction that must be rejected with {@code code}, and proves it changed nothing. */
  public RuleViolation rejected(ErrorCode code, Caller caller, Function<LedgerState, ?> fn) {
    Map<String, byte[]> before = ledger.snapshot();
    int events = ledger.events().size();
    RuleViolation violation = catchThrowableOfType(RuleViolation.class, () -> tx(caller, fn));
    assertThat(violation).as("expected rejection with %s", code).isNotNull();
    assertThat(violation.code()).as(violation.getMessage()).isEqualTo(code);
    assertThat(violation.getMessage()).startsWith(code.name() + ": ");
    assertThat(ledger.snapshot()).usingRecursiveComparison().isEqualTo(before);
    assertThat(ledger.events()).hasSize(events);
    return violation;
  }

  /** Changes the policy as the secretariat. */
  public Policy setPolicy(java.util.function.UnaryOperator<Policy.Builder> change) {
    return tx(admin, s -> Policies.set(s, change.apply(Policies.current(s).toBuilder()).build()));
  }

  /** A policy change the ledger must refuse with {@code code}, changing nothing. */
  public void policyRejected(
      ErrorCode code, java.util.function.UnaryOperator<Policy.Builder> change) {
    rejected(
        code, admin, s -> Policies.set(s, change.apply(Policies.current(s).toBuilder()).build()));
  }

  /** Registers a lot of {@code count} chips with serials {@code <lotId>-0000…}. */
  public List<String> registerLot(Caller fab, String lotId, int count, double tpp) {
    List<String> serials = new ArrayList<>();
    RegisterChipsRequest.Builder request = RegisterChipsRequest.newBuilder().setLotId(lotId);
    for (int i = 0; i < count; i++) {
      String serial = String.format("%s-%04d", lotId, i);
      serials.add(serial);
      request.addChips(spec(serial, tpp));
    }
    tx(fab, s -> ChipRegistry.register(s, request.build()));
    return serials;
  }

  public static ChipSpec spec(String serial, double tpp) {
    return spec(serial, tpp, CHIP_KEY);
  }

  /** A chip spec with its own public key, for chips whose signatures a test checks. */
  public static ChipSpec spec(String serial, double tpp, ByteString publicKey) {
    return ChipSpec.newBuilder()
        .setSerial(serial)
        .setModel(model(tpp))
        .setTpp(tpp)
        .setPublicKey(publicKey)
        .setFirmwareVersion("1.0.0")
        .build();
  }

  public Chip chip(String serial) {
    return tx(admin, s -> ChipStore.get(s, serial));
  }

  public String nextTransferId() {
    return "T" + (++transferCounter);
  }

  public Transfer propose(Caller from, String toOrg, List<String> serials, String licence) {
    String id = nextTransferId();
    return tx(
        from,
        s ->
            Transfers.propose(
                s,
                ProposeTransferRequest.newBuilder()
                    .setTransferId(id)
                    .addAllSerials(serials)
                    .setToOrg(toOrg)
                    .setLicenceRef(licence)
                    .build()));
  }

  public static TransferActionRequest action(Transfer t) {
    return TransferActionRequest.newBuilder().setTransferId(t.getTransferId()).build();
  }

  /** Ships chips across a border all the way: propose, accept, clear export, enter import. */
  public Transfer ship(
      Caller from, Caller to, Caller exportCustoms, Caller importCustoms, List<String> serials) {
    String licence = "LIC-" + (transferCounter + 1);
    issueLicence(licence, from, to, serials.size());
    Transfer t = propose(from, to.org(), serials, licence);
    tx(to, s -> Transfers.accept(s, action(t)));
    tx(exportCustoms, s -> Customs.clearExport(s, action(t)));
    return tx(importCustoms, s -> Customs.enterImport(s, action(t)));
  }

  private static ByteString p256Key() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return ByteString.copyFrom(generator.generateKeyPair().getPublic().getEncoded());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
