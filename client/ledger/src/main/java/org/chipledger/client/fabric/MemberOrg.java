package org.chipledger.client.fabric;

import java.nio.file.Path;

/**
 * An organisation of the channel with its own MSP and CA but no nodes of its own (a fab, a customs
 * agency, a datacenter operator, the inspectorate): its members submit through the gateway of their
 * country's peer.
 *
 * @param mspId its MSP id
 * @param country its country code
 * @param gatewayMspId the MSP id of the peer organisation whose gateway it uses
 * @param caCert the organisation's CA certificate (its MSP root)
 * @param caKey that CA's private key, PKCS#8 PEM
 */
public record MemberOrg(
    String mspId, String country, String gatewayMspId, Path caCert, Path caKey) {}
