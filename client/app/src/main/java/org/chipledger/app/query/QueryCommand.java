package org.chipledger.app.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.query.Lookup.Key;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.membership.Roles;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.accounting.UnaccountedQuery;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.verification.RunVerifications;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipPage;
import org.chipledger.proto.ledger.v1.HistoryPage;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.OrganizationList;
import org.chipledger.proto.ledger.v1.RunVerificationPage;
import org.chipledger.proto.ledger.v1.RunVerificationState;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Read-only commands for treaty parties and every member: custody, history and accounting. The
 * reads of one record or report by its key are rows of {@link #SUBCOMMANDS}; a new one is a row.
 */
@Command(
    name = "query",
    description = "Query chips, custody history, transfers and accounting reports.",
    modelTransformer = QueryCommand.Subcommands.class)
public final class QueryCommand {
  private static final Key RUN_OPTION = new Key.Required("--run", "<runId>", "The run id.");

  /** The sub-commands in the order help lists them: table rows and commands of their own. */
  static final List<Object> SUBCOMMANDS =
      List.of(
          byKey("chip", "One chip: holder, status, country, site.", "SERIAL", LedgerClient::chip),
          byKey(
              "chip-head",
              "A chip's newest committed snapshot record.",
              "SERIAL",
              LedgerClient::chipHead),
          byKey(
              "run",
              "A training run's declaration and snapshot accounting.",
              "RUN_ID",
              LedgerClient::run),
          Runs.class,
          byKey(
              "compliance",
              "A run against the compute rules: flags, H at its start, busy FLOP, approval.",
              "RUN_ID",
              LedgerClient::runCompliance),
          byKey(
              "approval",
              "The application for a run above H and the secretariat's decision.",
              "RUN_ID",
              LedgerClient::runApproval),
          new Lookup<>(
              "run-snapshots",
              "Every chip snapshot committed under a run id, with its training step.",
              RUN_OPTION,
              LedgerClient::runSnapshots,
              Output::record),
          new Lookup<>(
              "verdict",
              "The Verifier's verdict on a run: honest or the failed checks, evidence hash.",
              RUN_OPTION,
              LedgerClient::verdict,
              Output::record),
          SnapshotBatch.class,
          Chips.class,
          History.class,
          byKey(
              "transfer",
              "One transfer and its customs record.",
              "TRANSFER-ID",
              LedgerClient::transfer),
          report(
              "counts",
              "Chips by country and status.",
              LedgerClient::custodyCounts,
              Reports::custody),
          Unaccounted.class,
          MaterialBalanceCommand.class,
          report(
              "production",
              "Chips registered per fab.",
              LedgerClient::production,
              Reports::production),
          report(
              "digest",
              "Custody digest over every chip's holder, status, country, site.",
              CustodyDigest::of,
              (out, digest) ->
                  out.line(out.json() ? "{\"custody_digest\":\"" + digest + "\"}" : digest)),
          report(
              "orgs", "Registered organisations.", LedgerClient::organizations, QueryCommand::orgs),
          byKey("org", "One registered organisation.", "ORG-ID", LedgerClient::organization),
          byKey(
              "lot",
              "One production lot: fab, size, controlled chips.",
              "LOT-ID",
              LedgerClient::lot),
          byKey(
              "site", "One datacenter site: operator and country.", "SITE-ID", LedgerClient::site),
          report(
              "policy", "The consortium policy in force.", LedgerClient::policy, Output::record));

  private QueryCommand() {}

  /** Adds {@link #SUBCOMMANDS} to the {@code query} command as picocli builds it. */
  static final class Subcommands implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec query) {
      for (Object subcommand : SUBCOMMANDS) {
        CommandLine line =
            subcommand instanceof Lookup<?> lookup
                ? lookup.commandLine()
                : new CommandLine(subcommand);
        query.addSubcommand(line.getCommandName(), line);
      }
      return query;
    }
  }

  /** A row that prints the one record with the key given as the positional {@code label}. */
  private static <T extends com.google.protobuf.Message> Lookup<T> byKey(
      String name,
      String description,
      String label,
      java.util.function.BiFunction<LedgerClient, String, T> read) {
    return new Lookup<>(name, description, new Key.Positional(label), read, Output::record);
  }

  /** A row without a key. */
  private static <T> Lookup<T> report(
      String name,
      String description,
      java.util.function.Function<LedgerClient, T> read,
      java.util.function.BiConsumer<Output, T> render) {
    return new Lookup<>(
        name, description, new Key.None(), (ledger, none) -> read.apply(ledger), render);
  }

  private static void orgs(Output out, List<Organization> orgs) {
    List<List<String>> rows = new ArrayList<>();
    for (Organization o : orgs) {
      rows.add(
          List.of(
              o.getOrgId(),
              o.getMspId(),
              o.getCountry(),
              String.join(",", o.getRolesList().stream().map(Roles::attribute).toList()),
              o.getName()));
    }
    out.table(
        OrganizationList.newBuilder().addAllOrganizations(orgs).build(),
        List.of("org", "msp", "country", "roles", "name"),
        rows);
  }

  @Command(name = "chips", description = "A page of chips by holder, country or status.")
  static final class Chips extends LedgerCommand {
    /** Exactly one index to walk. */
    static final class Index {
      @Option(names = "--holder")
      String holder;

      @Option(names = "--country")
      String country;

      @Option(names = "--status", description = "active, deployed, in_transit, lost, …")
      String status;

      @Option(names = "--all")
      boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Index index;

    @Mixin Paging paging = new Paging(50);

    @Override
    protected void run(LedgerClient ledger, Output out) {
      ListChipsRequest.Builder request =
          ListChipsRequest.newBuilder().setPageSize(paging.pageSize).setBookmark(paging.bookmark);
      if (index.holder != null) {
        request.setIndex(ChipIndex.CHIP_INDEX_HOLDER).setValue(index.holder);
      } else if (index.country != null) {
        request.setIndex(ChipIndex.CHIP_INDEX_COUNTRY).setValue(index.country);
      } else if (index.status != null) {
        request.setIndex(ChipIndex.CHIP_INDEX_STATUS).setValue(index.status);
      } else {
        request.setIndex(ChipIndex.CHIP_INDEX_ALL);
      }
      ChipPage page = ledger.listChips(request.build());
      out.table(page, Reports.CHIP_HEADERS, Reports.chipRows(page.getChipsList()));
      Paging.next(out, page.getBookmark());
    }
  }

  @Command(
      name = "history",
      description = "Every recorded version of a chip: its chain of custody.")
  static final class History extends LedgerCommand {
    @Parameters(paramLabel = "SERIAL")
    String serial;

    @Mixin Paging paging = new Paging(100);

    @Override
    protected void run(LedgerClient ledger, Output out) {
      HistoryPage page =
          ledger.chipHistory(
              HistoryRequest.newBuilder()
                  .setSerial(serial)
                  .setPageSize(paging.pageSize)
                  .setBookmark(paging.bookmark)
                  .build());
      List<List<String>> rows = new ArrayList<>();
      page.getVersionsList()
          .forEach(
              v ->
                  rows.add(
                      List.of(
                          Instant.ofEpochSecond(
                                  v.getTimestamp().getSeconds(), v.getTimestamp().getNanos())
                              .toString(),
                          v.getTxId().substring(0, Math.min(12, v.getTxId().length())),
                          v.getChip().getHolderOrg(),
                          StatusNames.of(v.getChip().getStatus()),
                          v.getChip().getCountry(),
                          v.getChip().getSiteId(),
                          v.getChip().getTransferId())));
      out.table(
          page, List.of("time", "tx", "holder", "status", "country", "site", "transfer"), rows);
      Paging.next(out, page.getBookmark());
    }
  }

  @Command(
      name = "unaccounted",
      description = "Chips unaccounted for: lost, stolen, seized, missing, overdue.")
  static final class Unaccounted extends LedgerCommand {
    @Option(names = "--country", defaultValue = "")
    String country;

    @Option(names = "--since", description = "Only chips unaccounted since this ISO-8601 instant.")
    Instant since;

    @Option(names = "--as-of", description = "Report date, ISO-8601 (default: now).")
    Instant asOf;

    @Option(names = "--list", description = "Also list the chips.")
    boolean list;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      var report = ledger.unaccounted(UnaccountedQuery.request(country, since, asOf));
      Reports.unaccounted(out, report);
      if (list && !out.json()) {
        Reports.unaccountedChips(out, report, Integer.MAX_VALUE);
      }
    }
  }

  @Command(
      name = "runs",
      description =
          "Training runs, declared or only seen in snapshots, with their verification state.")
  static final class Runs extends LedgerCommand {
    @Option(names = "--site-id", defaultValue = "", description = "Only this site's runs.")
    String siteId;

    @Option(names = "--owner", defaultValue = "", description = "Only this operator's runs.")
    String owner;

    @Mixin Paging paging = new Paging(50);

    @Override
    protected void run(LedgerClient ledger, Output out) {
      RunVerificationPage page =
          RunVerifications.page(
              ledger,
              ListRunsRequest.newBuilder()
                  .setSiteId(siteId)
                  .setOwnerOrg(owner)
                  .setPageSize(paging.pageSize)
                  .setBookmark(paging.bookmark)
                  .build());
      List<List<String>> rows = new ArrayList<>();
      for (RunVerificationState run : page.getRunsList()) {
        var activity = run.getView().getActivity();
        rows.add(
            List.of(
                activity.getRunId(),
                run.getView().hasRun() ? "yes" : "NO",
                run.getView().getRun().getOwnerOrg(),
                String.join(",", activity.getSitesList()),
                String.format("%,d", activity.getSnapshotCount()),
                String.format("%,d", activity.getChipCount()),
                String.format("%,.2f", activity.getChipDays()),
                RunVerifications.label(run)));
      }
      out.table(
          page,
          List.of(
              "run",
              "declared",
              "owner",
              "snapshot sites",
              "snapshots",
              "chips",
              "chip-days",
              "verification"),
          rows);
      Paging.next(out, page.getBookmark());
    }
  }

  @Command(name = "snapshot-batch", description = "A committed snapshot batch of a site.")
  static final class SnapshotBatch extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--seq", description = "Batch number (default: the site's newest).")
    Long seq;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.snapshotBatch(siteId, seq != null ? seq : ledger.lastSnapshotBatch(siteId)));
    }
  }
}
