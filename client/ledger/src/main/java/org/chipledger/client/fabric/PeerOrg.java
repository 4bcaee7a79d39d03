package org.chipledger.client.fabric;

import java.nio.file.Path;

/**
 * One application organisation of the network, as {@code network.sh} describes it.
 *
 * @param mspId its MSP id
 * @param country its country code
 * @param peerEndpoint host:port of its peer, which is also its Fabric Gateway
 * @param peerHostOverride the TLS server name of the peer
 * @param tlsRootCert the CA that signed the peer's TLS certificate
 * @param caCert the org CA certificate (the MSP root that signs identities)
 * @param caKey the org CA's private key, PKCS#8 PEM
 */
public record PeerOrg(
    String mspId,
    String country,
    String peerEndpoint,
    String peerHostOverride,
    Path tlsRootCert,
    Path caCert,
    Path caKey) {}
