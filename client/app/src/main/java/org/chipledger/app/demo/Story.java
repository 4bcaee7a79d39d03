package org.chipledger.app.demo;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.CustomsAction;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.ReportKind;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ProductionReport;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.UnaccountedReport;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;

/**
 * The multi-country story: four countries, two fabs, four customs agencies, three datacenter
 * operators and at least 10,000 chips; licensed exports, an overdue shipment, a seizure, a theft, a
 * large loss and a deployment in the wrong country. The same seed gives the same custody on every
 * backend.
 */
public final class Story {
  /** How many days after the last shipment the period's unaccounted report is drawn up. */
  public static final int REPORT_AFTER_DAYS = 30;

  /** The firmware every story chip leaves the fab with. */
  public static final String FIRMWARE_VERSION = "fw-2.4.1";

  private static final int LOT_SIZE = 1000;

  // Where Taiwan's chips go, by their index in its production: the US, the Netherlands, Singapore.
  private static final int TO_NL_FROM = 2 * LOT_SIZE;
  private static final int TO_SG_FROM = 3 * LOT_SIZE + LOT_SIZE / 2;
  private static final int TO_SG_UNTIL = 4 * LOT_SIZE;
  private static final double H100_TPP = 15_832;
  private static final double B200_TPP = 36_000;
  private static final double GAMING_TPP = 1_300;

  private final Cast cast;
  private final int chipsPerFab;
  private final Random random;
  private final Consumer<String> narrator;
  private final IntConsumer progress;
  private final List<Rejection> rejections = new ArrayList<>();
  private final DemoChipKeys keys;
  private final Map<String, List<String>> deployed = new LinkedHashMap<>();
  private int transfers;
  private StoryLicences licences;

  /**
   * @param chipsPerFab chips each of the two fabs makes, rounded up to whole lots of 1,000
   * @param seed chooses which chips are lost, stolen and seized
   * @param narrator receives one line per step
   * @param progress receives the number of chips registered so far
   */
  public Story(
      Cast cast, int chipsPerFab, long seed, Consumer<String> narrator, IntConsumer progress) {
    this(cast, chipsPerFab, seed, DemoChipKeys.derived(seed), narrator, progress);
  }

  /**
   * A story whose fabs key their chips with {@code keys}: in a token for the chips the compute
   * chapter trains on ({@link #trainedOn}).
   */
  public Story(
      Cast cast,
      int chipsPerFab,
      long seed,
      DemoChipKeys keys,
      Consumer<String> narrator,
      IntConsumer progress) {
    this.cast = cast;
    this.chipsPerFab = totalChips(chipsPerFab) / 2;
    this.random = new Random(seed);
    this.keys = keys;
    this.narrator = narrator;
    this.progress = progress;
  }

  /**
   * Whether Taiwan's chip at {@code index} goes to a site whose chips the compute chapter trains
   * on: the first of those deployed at us-east-1 and ams-1 (with room for the chips stolen there)
   * and every chip at sg-1.
   */
  static boolean trainedOn(int index) {
    int room = 2 * ComputeChapter.DECLARED_RUN_CHIPS;
    return index < room
        || (index >= TO_NL_FROM && index < TO_NL_FROM + room)
        || (index >= TO_SG_FROM && index < TO_SG_UNTIL);
  }

  /** How many chips the story registers for a requested number per fab: whole lots, at least 5. */
  public static int totalChips(int chipsPerFab) {
    return 2 * Math.max(LOT_SIZE * 5, ((chipsPerFab + LOT_SIZE - 1) / LOT_SIZE) * LOT_SIZE);
  }

  /** A rejection the story provokes on purpose, with the code the ledger answered. */
  public record Rejection(String attempt, ErrorCode code, String message) {}

  /**
   * What the story ends with.
   *
   * @param deployed the serials deployed at each site, in deployment order
   * @param keys how the fabs keyed the chips ({@link #chipSigner})
   */
  public record Outcome(
      CustodyCounts counts,
      UnaccountedReport unaccounted,
      ProductionReport production,
      String digest,
      List<Rejection> rejections,
      int chips,
      Map<String, List<String>> deployed,
      DemoChipKeys keys) {

    /** Copies the deployments. */
    public Outcome {
      deployed =
          deployed.entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toUnmodifiableMap(
                      Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /**
     * The signing key burned into chip {@code serial} at the fab, for emulating its firmware: in
     * the token for the chips the demo trains on, else derived from the seed and the chip's number
     * (the serial's last field).
     */
    public ChipSigner chipSigner(String serial) {
      return keys.signer(serial, chipNumber(serial));
    }
  }

  /** The serials each fab registered: Taiwan's H100s, Arizona's B200s and its gaming chips. */
  private record Production(List<String> tw, List<String> usControlled, List<String> usGaming) {}

  /** Taiwan's exports that reach their buyers, by destination. */
  private record Exports(List<String> toUs, List<String> toNl, List<String> toSgArrives) {}

  /** Plays the whole story and reports how it ends. */
  public Outcome run() {
    Founding.found(cast, Founding.policy());
    say(
        "The treaty secretariat bootstraps the ledger: controlled chips have TPP >= 4800 (ECCN 3A090),");
    say(
        "  every cross-border move of a controlled chip needs a licence, shipments are overdue after 14 days.");
    say(
        "It registers "
            + Cast.MEMBERS.size()
            + " organisations in TW, US, NL and SG, and "
            + Founding.MODELS.size()
            + " chip models whose TPP decides which chips are controlled.");
    licences = StoryLicences.issue(cast);
    say(
        "Taiwan's and the US's licensing authorities issue "
            + licences.count()
            + " export licences on the ledger, one per exporter and buyer abroad.");
    Production made = manufacture();
    sites();
    rejected(
        "Straits AI (a datacenter) tries to register chips",
        () ->
            cast.as("dc-sg")
                .registerChips(
                    RegisterChipsRequest.newBuilder()
                        .setLotId("rogue")
                        .addChips(keys.keyed(spec("ROGUE-1", "H100", H100_TPP), 0, false))
                        .build()));
    Exports exports = exportFromTaiwan(made.tw());
    List<String> domestic = sellFromArizona(made.usControlled());
    deploy(exports, domestic);
    incidents(exports.toNl(), domestic, made.usGaming());
    return outcome();
  }

  private Production manufacture() {
    List<String> tw = manufacture("fab-tw", "H100", H100_TPP, chipsPerFab, 0);
    List<String> usControlled =
        manufacture("fab-us", "B200", B200_TPP, chipsPerFab - LOT_SIZE, chipsPerFab);
    List<String> usGaming =
        manufacture("fab-us", "RTX", GAMING_TPP, LOT_SIZE, 2 * chipsPerFab - LOT_SIZE);
    say(
        "Hsinchu Foundry registers "
            + tw.size()
            + " H100-class chips; Arizona Fab "
            + usControlled.size()
            + " B200-class and "
            + usGaming.size()
            + " gaming chips (not controlled).");
    return new Production(tw, usControlled, usGaming);
  }

  /** Licensed exports to three countries, a misdirected clearance and an overdue shipment. */
  private Exports exportFromTaiwan(List<String> tw) {
    List<String> toUs = tw.subList(0, TO_NL_FROM);
    List<String> toNl = tw.subList(TO_NL_FROM, TO_SG_FROM);
    List<String> toSgArrives = tw.subList(TO_SG_FROM, TO_SG_UNTIL);
    List<String> toSgOverdue = tw.subList(4 * LOT_SIZE, 4 * LOT_SIZE + 200);
    exportAll("fab-tw", "dc-us", "customs-tw", "customs-us", toUs);
    rejected(
        "Dutch customs tries to clear an export from Taiwan",
        () -> {
          String id =
              propose("fab-tw", "dc-nl", toNl.subList(0, 10), licences.id("fab-tw", "dc-nl"));
          cast.as("dc-nl").acceptTransfer(id);
          try {
            cast.as("customs-nl").customs(CustomsAction.CLEAR_EXPORT, id, "");
          } finally {
            cast.as("fab-tw").cancelTransfer(id, "probe finished");
          }
        });
    exportAll("fab-tw", "dc-nl", "customs-tw", "customs-nl", toNl);
    exportAll("fab-tw", "dc-sg", "customs-tw", "customs-sg", toSgArrives);
    String overdue = propose("fab-tw", "dc-sg", toSgOverdue, licences.id("fab-tw", "dc-sg"));
    cast.as("dc-sg").acceptTransfer(overdue);
    cast.as("customs-tw").customs(CustomsAction.CLEAR_EXPORT, overdue, "");
    say(
        "Taiwan ships "
            + toUs.size()
            + " chips to Prairie Compute (US), "
            + toNl.size()
            + " to Polder Cloud (NL) and "
            + (toSgArrives.size() + toSgOverdue.size())
            + " to Straits AI (SG); "
            + toSgOverdue.size()
            + " of them ("
            + overdue
            + ") leave Taiwan but never reach Singapore's customs.");
    return new Exports(toUs, toNl, toSgArrives);
  }

  /** Domestic sales, an unlicensed export and a seizure; returns the chips sold at home. */
  private List<String> sellFromArizona(List<String> usControlled) {
    List<String> domestic = usControlled.subList(0, 2 * LOT_SIZE);
    for (List<String> part : chunks(domestic)) {
      String id = propose("fab-us", "dc-us", part, "");
      cast.as("dc-us").acceptTransfer(id);
    }
    rejected(
        "Arizona Fab ships B200s to Singapore without a licence",
        () ->
            propose("fab-us", "dc-sg", usControlled.subList(2 * LOT_SIZE, 2 * LOT_SIZE + 10), ""));
    List<String> toSgSeized = usControlled.subList(2 * LOT_SIZE, 2 * LOT_SIZE + 50);
    String seized = propose("fab-us", "dc-sg", toSgSeized, licences.id("fab-us", "dc-sg"));
    cast.as("dc-sg").acceptTransfer(seized);
    cast.as("customs-us").customs(CustomsAction.CLEAR_EXPORT, seized, "");
    cast.as("customs-sg").customs(CustomsAction.HOLD, seized, "declared as gaming GPUs");
    cast.as("customs-sg").customs(CustomsAction.SEIZE, seized, "mis-declared controlled chips");
    say(
        "Arizona Fab sells "
            + domestic.size()
            + " B200s to Prairie Compute at home; Singapore customs"
            + " holds and then seizes a licensed but mis-declared shipment of "
            + toSgSeized.size()
            + ".");
    return domestic;
  }

  private void deploy(Exports exports, List<String> domestic) {
    deploy("dc-us", "us-east-1", exports.toUs());
    deploy("dc-us", "us-east-1", domestic);
    deploy("dc-nl", "ams-1", exports.toNl());
    deploy("dc-sg", "sg-1", exports.toSgArrives());
    rejected(
        "Prairie Compute deploys US-located chips at its Singapore annex",
        () ->
            cast.as("dc-us")
                .deploy(
                    DeployChipsRequest.newBuilder()
                        .addAllSerials(domestic.subList(0, 10))
                        .setSiteId("sg-annex")
                        .setClusterId("c0")
                        .build()));
    say(
        "The operators deploy "
            + (exports.toUs().size()
                + domestic.size()
                + exports.toNl().size()
                + exports.toSgArrives().size())
            + " chips at their sites.");
  }

  /** A theft, a loss in a fire and destroyed chips, then a refused shipment of one of them. */
  private void incidents(List<String> atPolder, List<String> domestic, List<String> usGaming) {
    List<String> stolen = pick(atPolder, 3);
    cast.as("dc-nl")
        .report(ReportKind.STOLEN, report(stolen, "break-in at ams-1, police report 2026-118"));
    List<String> lost = domestic.subList(500, 650);
    var loss = cast.as("dc-us").report(ReportKind.LOST, report(lost, "warehouse fire"));
    List<String> destroyed = usGaming.subList(0, 20);
    cast.as("fab-us").report(ReportKind.DESTROYED, report(destroyed, "failed burn-in, shredded"));
    say(
        "Polder Cloud reports "
            + stolen.size()
            + " chips stolen "
            + stolen
            + "; Prairie Compute reports "
            + lost.size()
            + " lost in a fire"
            + (loss.getInvestigationTriggered() ? " (investigation triggered)" : "")
            + "; Arizona Fab destroys "
            + destroyed.size()
            + " defective chips.");
    rejected(
        "Arizona Fab ships a destroyed chip",
        () -> propose("fab-us", "dc-us", destroyed.subList(0, 1), ""));
  }

  private Outcome outcome() {
    LedgerClient treaty = cast.as("inspectorate");
    Instant reportDate = Instant.now().plus(Duration.ofDays(REPORT_AFTER_DAYS));
    UnaccountedReport unaccounted =
        treaty.unaccounted(
            UnaccountedRequest.newBuilder()
                .setAsOf(Timestamp.newBuilder().setSeconds(reportDate.getEpochSecond()))
                .build());
    return new Outcome(
        treaty.custodyCounts(),
        unaccounted,
        treaty.production(),
        CustodyDigest.of(treaty),
        List.copyOf(rejections),
        2 * chipsPerFab,
        deployed,
        keys);
  }

  private List<String> manufacture(String fab, String model, double tpp, int count, int offset) {
    List<String> serials = new ArrayList<>();
    for (int lot = 0; lot < count / LOT_SIZE; lot++) {
      String lotId = fab + "-" + model + "-L" + String.format("%02d", lot + 1);
      RegisterChipsRequest.Builder request = RegisterChipsRequest.newBuilder().setLotId(lotId);
      for (int i = 0; i < LOT_SIZE; i++) {
        int number = offset + lot * LOT_SIZE + i + 1;
        String serial =
            String.format(
                "%s-%s-%06d", fab.substring(4).toUpperCase(java.util.Locale.ROOT), model, number);
        serials.add(serial);
        boolean trained = "fab-tw".equals(fab) && trainedOn(number - offset - 1);
        request.addChips(keys.keyed(spec(serial, model, tpp), number, trained));
      }
      cast.as(fab).registerChips(request.build());
      progress.accept(offset + (lot + 1) * LOT_SIZE);
    }
    return serials;
  }

  private static ChipSpec.Builder spec(String serial, String model, double tpp) {
    return ChipSpec.newBuilder()
        .setSerial(serial)
        .setModel(model)
        .setTpp(tpp)
        .setFirmwareVersion(FIRMWARE_VERSION);
  }

  private static int chipNumber(String serial) {
    return Integer.parseInt(serial.substring(serial.lastIndexOf('-') + 1));
  }

  private void sites() {
    site("dc-us", "us-east-1", "US");
    site("dc-us", "sg-annex", "SG");
    site("dc-nl", "ams-1", "NL");
    site("dc-sg", "sg-1", "SG");
    say(
        "Datacenters register sites: us-east-1 (US), sg-annex (SG, Prairie Compute), ams-1 (NL), sg-1 (SG).");
  }

  private void site(String operator, String siteId, String country) {
    cast.as(operator)
        .registerSite(
            RegisterSiteRequest.newBuilder()
                .setSiteId(siteId)
                .setCountry(country)
                .setName(siteId)
                .build());
  }

  private void exportAll(
      String from, String to, String exportCustoms, String importCustoms, List<String> serials) {
    for (List<String> part : chunks(serials)) {
      String id = propose(from, to, part, licences.id(from, to));
      cast.as(to).acceptTransfer(id);
      cast.as(exportCustoms).customs(CustomsAction.CLEAR_EXPORT, id, "");
      cast.as(importCustoms).customs(CustomsAction.ENTER_IMPORT, id, "");
    }
  }

  private String propose(String from, String to, List<String> serials, String licence) {
    String id = String.format("T%04d", ++transfers);
    cast.as(from)
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId(id)
                .addAllSerials(serials)
                .setToOrg(to)
                .setLicenceRef(licence)
                .build());
    return id;
  }

  private void deploy(String operator, String siteId, List<String> serials) {
    deployed.computeIfAbsent(siteId, s -> new ArrayList<>()).addAll(serials);
    int cluster = 0;
    for (List<String> part : chunks(serials)) {
      cast.as(operator)
          .deploy(
              DeployChipsRequest.newBuilder()
                  .addAllSerials(part)
                  .setSiteId(siteId)
                  .setClusterId(siteId + "-c" + (++cluster))
                  .build());
    }
  }

  private static ReportChipsRequest report(List<String> serials, String reason) {
    return ReportChipsRequest.newBuilder().addAllSerials(serials).setReason(reason).build();
  }

  private List<String> pick(List<String> from, int n) {
    List<String> picked = new ArrayList<>();
    while (picked.size() < n) {
      String s = from.get(random.nextInt(from.size()));
      if (!picked.contains(s)) {
        picked.add(s);
      }
    }
    picked.sort(String::compareTo);
    return picked;
  }

  private static List<List<String>> chunks(List<String> serials) {
    List<List<String>> parts = new ArrayList<>();
    for (int i = 0; i < serials.size(); i += LOT_SIZE) {
      parts.add(serials.subList(i, Math.min(serials.size(), i + LOT_SIZE)));
    }
    return parts;
  }

  private void rejected(String attempt, Runnable action) {
    try {
      action.run();
      throw new IllegalStateException("the ledger accepted: " + attempt);
    } catch (LedgerException e) {
      rejections.add(new Rejection(attempt, e.code(), e.getMessage()));
    }
  }

  private void say(String line) {
    narrator.accept(line);
  }
}
