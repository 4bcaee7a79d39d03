package org.chipledger.app.dashboard;

import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;
import org.chipledger.client.accounting.UnaccountedQuery;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.client.verification.RunVerifications;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.OrganizationList;
import org.chipledger.proto.ledger.v1.Policy;

/** The dashboard's pages over one ledger reader, each answering what its CLI query prints. */
final class DashboardPages {
  private DashboardPages() {}

  /** The pages, in navigation order. */
  static List<DashboardPage> all(LedgerClient ledger) {
    return List.of(
        custody(ledger),
        chipSearch(ledger),
        unaccounted(ledger),
        runs(ledger),
        campaigns(ledger),
        location(ledger));
  }

  /** Chips by country and status: {@code query counts}. */
  private static DashboardPage custody(LedgerClient ledger) {
    return oneQuery("custody", "Chips by country", "counts", params -> ledger.custodyCounts());
  }

  /**
   * One chip by serial: its record ({@code query chip}), its custody chain ({@code query history},
   * page by page) and its snapshot head ({@code query chip-head}).
   */
  private static DashboardPage chipSearch(LedgerClient ledger) {
    return new DashboardPage(
        "chip",
        "Chip search",
        api -> {
          api.get("record", params -> ledger.chip(params.required("serial")));
          api.get(
              "history",
              params ->
                  ledger.chipHistory(
                      HistoryRequest.newBuilder()
                          .setSerial(params.required("serial"))
                          .setPageSize(params.count("page_size", 100))
                          .setBookmark(params.text("bookmark"))
                          .build()));
          api.get("head", params -> ledger.chipHead(params.required("serial")));
        });
  }

  /** Chips unaccounted for: {@code query unaccounted}. */
  private static DashboardPage unaccounted(LedgerClient ledger) {
    return oneQuery(
        "unaccounted",
        "Unaccounted chips",
        "report",
        params ->
            ledger.unaccounted(
                UnaccountedQuery.request(
                    params.text("country"), params.instant("since"), params.instant("as_of"))));
  }

  /** Training runs with their verification state: {@code query runs}. */
  private static DashboardPage runs(LedgerClient ledger) {
    return oneQuery(
        "runs",
        "Runs",
        "list",
        params ->
            RunVerifications.page(
                ledger,
                ListRunsRequest.newBuilder()
                    .setSiteId(params.text("site_id"))
                    .setOwnerOrg(params.text("owner"))
                    .setPageSize(params.count("page_size", 50))
                    .setBookmark(params.text("bookmark"))
                    .build()));
  }

  /**
   * Inspection campaigns: an owner's campaigns ({@code inspect campaigns}), one campaign's sample,
   * findings and flagged runs ({@code inspect campaign}), and the organisations to pick an owner
   * from ({@code query orgs}).
   */
  private static DashboardPage campaigns(LedgerClient ledger) {
    return new DashboardPage(
        "campaigns",
        "Campaigns",
        api -> {
          api.get(
              "orgs",
              params ->
                  OrganizationList.newBuilder()
                      .addAllOrganizations(ledger.organizations())
                      .build());
          api.get("list", params -> ledger.campaigns(params.required("owner")));
          api.get("view", params -> ledger.campaign(params.required("id")));
        });
  }

  /**
   * Where the chips are (issue 21): per country the chips by location verdict ({@code landmark
   * location}), the landmarks and the policy's regions to draw the map, the unaccounted report
   * whose {@code LOCATION_MISMATCH} chips the page lists, and one chip's decision with its
   * attestations ({@code landmark location --serial}).
   */
  private static DashboardPage location(LedgerClient ledger) {
    LocationClient location = LocationClient.of(ledger);
    return new DashboardPage(
        "location",
        "Location",
        api -> {
          api.get("summary", params -> location.summary());
          api.get("landmarks", params -> location.landmarks());
          api.get(
              "regions",
              params ->
                  Policy.newBuilder()
                      .addAllLocationRegions(ledger.policy().getLocationRegionsList())
                      .build());
          api.get(
              "mismatched", params -> ledger.unaccounted(UnaccountedQuery.request("", null, null)));
          api.get("chip", params -> location.location(params.required("serial")));
        });
  }

  /** A page whose script calls one query, {@code /api/<id>/<name>}. */
  private static DashboardPage oneQuery(
      String id, String title, String name, Function<QueryParams, Message> query) {
    return new DashboardPage(id, title, api -> api.get(name, query));
  }
}
