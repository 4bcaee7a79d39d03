package org.chipledger.client.cast;

import java.util.List;
import java.util.stream.Stream;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Role;

/**
 * The organisations of the multi-country story, and a ledger connection for each, on any backend.
 */
public interface Cast extends AutoCloseable {

  /** The consortium secretariat that bootstraps the ledger, and the members it registers. */
  Member ADMIN = new Member("treaty", "TreatyMSP", "NL", Role.ROLE_ADMIN, "Treaty secretariat");

  /**
   * The MSPs of the treaty countries, which run the peers and orderers. No organisation of the
   * story belongs to one: each has an MSP and a CA of its own, so that a country's CA cannot issue
   * identities for the organisations in it.
   */
  List<String> COUNTRY_MSPS = List.of("TWMSP", "USMSP", "NLMSP", "SGMSP");

  /** The story's organisations, each in its own MSP. */
  List<Member> MEMBERS =
      List.of(
          new Member("fab-tw", "FabTWMSP", "TW", Role.ROLE_FAB, "Hsinchu Foundry"),
          new Member("fab-us", "FabUSMSP", "US", Role.ROLE_FAB, "Arizona Fab"),
          new Member("customs-tw", "CustomsTWMSP", "TW", Role.ROLE_CUSTOMS, "Taiwan Customs"),
          new Member(
              "customs-us", "CustomsUSMSP", "US", Role.ROLE_CUSTOMS, "US Customs and Border"),
          new Member("customs-nl", "CustomsNLMSP", "NL", Role.ROLE_CUSTOMS, "Dutch Customs"),
          new Member("customs-sg", "CustomsSGMSP", "SG", Role.ROLE_CUSTOMS, "Singapore Customs"),
          new Member("dc-us", "DcUSMSP", "US", Role.ROLE_DATACENTER, "Prairie Compute"),
          new Member("dc-nl", "DcNLMSP", "NL", Role.ROLE_DATACENTER, "Polder Cloud"),
          new Member("dc-sg", "DcSGMSP", "SG", Role.ROLE_DATACENTER, "Straits AI"),
          new Member(
              "inspectorate", "InspectorateMSP", "NL", Role.ROLE_INSPECTOR, "Treaty inspectorate"),
          // Exporting countries' licensing authorities (issue 17 item 7).
          new Member(
              "licensing-tw",
              "LicensingTWMSP",
              "TW",
              Role.ROLE_LICENSING,
              "Taiwan export licensing"),
          new Member(
              "licensing-us", "LicensingUSMSP", "US", Role.ROLE_LICENSING, "US export licensing"));

  /** The secretariat and then every member of the story. */
  static Stream<Member> everyone() {
    return Stream.concat(Stream.of(ADMIN), MEMBERS.stream());
  }

  /**
   * The secretariat or the member with {@code orgId}.
   *
   * @throws IllegalArgumentException if the story has no such organisation
   */
  static Member member(String orgId) {
    return everyone()
        .filter(m -> m.orgId().equals(orgId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no member " + orgId));
  }

  /** A ledger connection acting as the member's identity. */
  LedgerClient as(String orgId);

  /**
   * A ledger connection acting as {@code member}, whose identity is issued on first use: for an
   * organisation outside the story's cast, or for one of the roles of an organisation that holds
   * several.
   */
  LedgerClient as(Member member);

  /** PEM of the root CA of an MSP, for registering its first organisation. */
  String rootCaPem(String mspId);

  @Override
  void close();
}
