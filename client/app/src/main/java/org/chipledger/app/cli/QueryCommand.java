package org.chipledger.app.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.chipledger.proto.ledger.v1.OrganizationList;
import org.chipledger.proto.ledger.v1.RunVerificationPage;
import org.chipledger.proto.ledger.v1.RunVerificationState;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Read-only commands for treaty parties and every member: custody, history and accounting. */
@Command(
    name = "query",
    description = "Query chips, custody history, transfers and accounting reports.",
    subcommands = {
      QueryCommand.ChipQuery.class,
      QueryCommand.ChipHead.class,
      QueryCommand.RunQuery.class,
      QueryCommand.Runs.class,
      QueryCommand.RunSnapshotsQuery.class,
      QueryCommand.VerdictQuery.class,
      QueryCommand.SnapshotBatchQuery.class,
      QueryCommand.Chips.class,
      QueryCommand.History.class,
      QueryCommand.TransferQuery.class,
      QueryCommand.Counts.class,
      QueryCommand.Unaccounted.class,
      MaterialBalanceCommand.class,
      QueryCommand.Production.class,
      QueryCommand.Digest.class,
      QueryCommand.Orgs.class,
      QueryCommand.OrgQuery.class,
      QueryCommand.LotQuery.class,
      QueryCommand.SiteQuery.class,
      QueryCommand.PolicyQuery.class
    })
final class QueryCommand {

  @Command(name = "chip", description = "One chip: holder, status, country, site.")
  static final class ChipQuery extends LedgerCommand {
    @Parameters(paramLabel = "SERIAL")
    String serial;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.chip(serial));
    }
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

    @Option(names = "--page-size", defaultValue = "50")
    int pageSize;

    @Option(names = "--bookmark", defaultValue = "")
    String bookmark;

    @Override
    void run(LedgerClient ledger, Output out) {
      ListChipsRequest.Builder request =
          ListChipsRequest.newBuilder().setPageSize(pageSize).setBookmark(bookmark);
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
      if (!out.json() && !page.getBookmark().isEmpty()) {
        out.line("next page: --bookmark " + page.getBookmark());
      }
    }
  }

  @Command(
      name = "history",
      description = "Every recorded version of a chip: its chain of custody.")
  static final class History extends LedgerCommand {
    @Parameters(paramLabel = "SERIAL")
    String serial;

    @Option(names = "--page-size", defaultValue = "100")
    int pageSize;

    @Option(names = "--bookmark", defaultValue = "")
    String bookmark;

    @Override
    void run(LedgerClient ledger, Output out) {
      HistoryPage page =
          ledger.chipHistory(
              HistoryRequest.newBuilder()
                  .setSerial(serial)
                  .setPageSize(pageSize)
                  .setBookmark(bookmark)
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
                          org.chipledger.chaincode.chip.StatusNames.of(v.getChip().getStatus()),
                          v.getChip().getCountry(),
                          v.getChip().getSiteId(),
                          v.getChip().getTransferId())));
      out.table(
          page, List.of("time", "tx", "holder", "status", "country", "site", "transfer"), rows);
      if (!out.json() && !page.getBookmark().isEmpty()) {
        out.line("next page: --bookmark " + page.getBookmark());
      }
    }
  }

  @Command(name = "transfer", description = "One transfer and its customs record.")
  static final class TransferQuery extends LedgerCommand {
    @Parameters(paramLabel = "TRANSFER-ID")
    String transferId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.transfer(transferId));
    }
  }

  @Command(name = "counts", description = "Chips by country and status.")
  static final class Counts extends LedgerCommand {
    @Override
    void run(LedgerClient ledger, Output out) {
      Reports.custody(out, ledger.custodyCounts());
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
    void run(LedgerClient ledger, Output out) {
      var report = ledger.unaccounted(UnaccountedQuery.request(country, since, asOf));
      Reports.unaccounted(out, report);
      if (list && !out.json()) {
        Reports.unaccountedChips(out, report, Integer.MAX_VALUE);
      }
    }
  }

  @Command(name = "production", description = "Chips registered per fab.")
  static final class Production extends LedgerCommand {
    @Override
    void run(LedgerClient ledger, Output out) {
      Reports.production(out, ledger.production());
    }
  }

  @Command(
      name = "digest",
      description = "Custody digest over every chip's holder, status, country, site.")
  static final class Digest extends LedgerCommand {
    @Override
    void run(LedgerClient ledger, Output out) {
      String digest = CustodyDigest.of(ledger);
      out.line(out.json() ? "{\"custody_digest\":\"" + digest + "\"}" : digest);
    }
  }

  @Command(name = "orgs", description = "Registered organisations.")
  static final class Orgs extends LedgerCommand {
    @Override
    void run(LedgerClient ledger, Output out) {
      var orgs = ledger.organizations();
      List<List<String>> rows = new ArrayList<>();
      orgs.forEach(
          o ->
              rows.add(
                  List.of(
                      o.getOrgId(),
                      o.getMspId(),
                      o.getCountry(),
                      String.join(
                          ",",
                          o.getRolesList().stream()
                              .map(org.chipledger.chaincode.membership.Roles::attribute)
                              .toList()),
                      o.getName())));
      out.table(
          OrganizationList.newBuilder().addAllOrganizations(orgs).build(),
          List.of("org", "msp", "country", "roles", "name"),
          rows);
    }
  }

  @Command(name = "org", description = "One registered organisation.")
  static final class OrgQuery extends LedgerCommand {
    @Parameters(paramLabel = "ORG-ID")
    String orgId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.organization(orgId));
    }
  }

  @Command(name = "lot", description = "One production lot: fab, size, controlled chips.")
  static final class LotQuery extends LedgerCommand {
    @Parameters(paramLabel = "LOT-ID")
    String lotId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.lot(lotId));
    }
  }

  @Command(name = "site", description = "One datacenter site: operator and country.")
  static final class SiteQuery extends LedgerCommand {
    @Parameters(paramLabel = "SITE-ID")
    String siteId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.site(siteId));
    }
  }

  @Command(name = "policy", description = "The consortium policy in force.")
  static final class PolicyQuery extends LedgerCommand {
    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.policy());
    }
  }

  @Command(name = "chip-head", description = "A chip's newest committed snapshot record.")
  static final class ChipHead extends LedgerCommand {
    @Parameters(paramLabel = "SERIAL")
    String serial;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.chipHead(serial));
    }
  }

  @Command(name = "run", description = "A training run's declaration and snapshot accounting.")
  static final class RunQuery extends LedgerCommand {
    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.run(runId));
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

    @Option(names = "--page-size", defaultValue = "50")
    int pageSize;

    @Option(names = "--bookmark", defaultValue = "")
    String bookmark;

    @Override
    void run(LedgerClient ledger, Output out) {
      RunVerificationPage page =
          RunVerifications.page(
              ledger,
              ListRunsRequest.newBuilder()
                  .setSiteId(siteId)
                  .setOwnerOrg(owner)
                  .setPageSize(pageSize)
                  .setBookmark(bookmark)
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
      if (!out.json() && !page.getBookmark().isEmpty()) {
        out.line("next page: --bookmark " + page.getBookmark());
      }
    }
  }

  @Command(name = "snapshot-batch", description = "A committed snapshot batch of a site.")
  static final class SnapshotBatchQuery extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--seq", description = "Batch number (default: the site's newest).")
    Long seq;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.snapshotBatch(siteId, seq != null ? seq : ledger.lastSnapshotBatch(siteId)));
    }
  }

  @Command(
      name = "run-snapshots",
      description = "Every chip snapshot committed under a run id, with its training step.")
  static final class RunSnapshotsQuery extends LedgerCommand {
    @Option(names = "--run", required = true, description = "The run id.")
    String runId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.runSnapshots(runId));
    }
  }

  @Command(
      name = "verdict",
      description = "The Verifier's verdict on a run: honest or the failed checks, evidence hash.")
  static final class VerdictQuery extends LedgerCommand {
    @Option(names = "--run", required = true, description = "The run id.")
    String runId;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.verdict(runId));
    }
  }
}
