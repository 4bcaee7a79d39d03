package org.chipledger.chaincode.ledger;

/**
 * Who signed the transaction, from the certificate: MSP id and the org, role and country
 * attributes.
 *
 * @param mspId the MSP that issued the certificate
 * @param org the certificate's {@code org} attribute: the organisation's id on the ledger
 * @param role the certificate's {@code role} attribute (lower case, e.g. {@code fab}); empty if
 *     absent
 * @param country the certificate's {@code country} attribute; empty if absent
 * @param id the certificate's unique id (subject and issuer)
 */
public record Caller(String mspId, String org, String role, String country, String id) {}
