package org.chipledger.app.dashboard;

import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.OrganizationList;

/**
 * Inspection campaigns: an owner's campaigns ({@code inspect campaigns}), one campaign's sample,
 * findings and flagged runs ({@code inspect campaign}), and the organisations to pick an owner from
 * ({@code query orgs}).
 */
final class CampaignsPage implements DashboardPage {
  private final LedgerClient ledger;

  CampaignsPage(LedgerClient ledger) {
    this.ledger = ledger;
  }

  @Override
  public String id() {
    return "campaigns";
  }

  @Override
  public String title() {
    return "Campaigns";
  }

  @Override
  public void register(Api api) {
    api.get(
        "orgs",
        params ->
            OrganizationList.newBuilder().addAllOrganizations(ledger.organizations()).build());
    api.get("list", params -> ledger.campaigns(params.required("owner")));
    api.get("view", params -> ledger.campaign(params.required("id")));
  }
}
