package org.chipledger.client.demo;

import org.chipledger.proto.ledger.v1.Role;

/**
 * One organisation of the demo story.
 *
 * @param orgId the org attribute of its certificates and its id on the ledger
 * @param mspId the MSP that issues its certificates
 * @param country where it is
 * @param role what it does
 * @param name a human name
 */
public record Member(String orgId, String mspId, String country, Role role, String name) {}
