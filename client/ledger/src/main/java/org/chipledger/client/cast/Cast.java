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

  List<Member> MEMBERS =
      List.of(
          new Member("fab-tw", "TWMSP", "TW", Role.ROLE_FAB, "Hsinchu Foundry"),
          new Member("fab-us", "USMSP", "US", Role.ROLE_FAB, "Arizona Fab"),
          new Member("customs-tw", "TWMSP", "TW", Role.ROLE_CUSTOMS, "Taiwan Customs"),
          new Member("customs-us", "USMSP", "US", Role.ROLE_CUSTOMS, "US Customs and Border"),
          new Member("customs-nl", "NLMSP", "NL", Role.ROLE_CUSTOMS, "Dutch Customs"),
          new Member("customs-sg", "SGMSP", "SG", Role.ROLE_CUSTOMS, "Singapore Customs"),
          new Member("dc-us", "USMSP", "US", Role.ROLE_DATACENTER, "Prairie Compute"),
          new Member("dc-nl", "NLMSP", "NL", Role.ROLE_DATACENTER, "Polder Cloud"),
          new Member("dc-sg", "SGMSP", "SG", Role.ROLE_DATACENTER, "Straits AI"),
          new Member("inspectorate", "TreatyMSP", "NL", Role.ROLE_INSPECTOR, "Treaty inspectorate"),
          // Exporting countries' licensing authorities (issue 17 item 7).
          new Member("licensing-tw", "TWMSP", "TW", Role.ROLE_LICENSING, "Taiwan export licensing"),
          new Member("licensing-us", "USMSP", "US", Role.ROLE_LICENSING, "US export licensing"));

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
