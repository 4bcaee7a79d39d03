package org.chipledger.client.identity;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A signing identity in Fabric MSP form: the MSP it belongs to, its X.509 certificate and its P-256
 * private key.
 *
 * @param mspId the MSP that vouches for the certificate
 * @param certificate the identity's certificate
 * @param privateKey the key matching the certificate
 */
public record Identity(String mspId, X509Certificate certificate, PrivateKey privateKey) {

  public Identity {
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (mspId.isBlank()) {
      throw new IllegalArgumentException("mspId must not be blank");
    }
  }

  /** The {@code msp.SerializedIdentity} bytes a Fabric transaction carries as its creator. */
  public byte[] serialized() {
    return SerializedIdentity.newBuilder()
        .setMspid(mspId)
        .setIdBytes(ByteString.copyFrom(certificatePem(), StandardCharsets.UTF_8))
        .build()
        .toByteArray();
  }

  /** A DER SHA256withECDSA signature with low S, as Fabric requires. */
  public byte[] sign(byte[] message) {
    return EcdsaSignatures.sign(privateKey, message);
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /**
   * The Fabric CA attributes (e.g. org, role, country), sorted by name; empty if there are none.
   */
  public Map<String, String> attributes() {
    return FabricAttributes.decode(certificate);
  }

  /** The subject's common name. */
  public String name() {
    RDN[] cn =
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
            .getRDNs(BCStyle.CN);
    if (cn.length == 0) {
      throw new IllegalStateException(
          "certificate has no common name: " + certificate.getSubjectX500Principal());
    }
    return IETFUtils.valueToString(cn[0].getFirst().getValue());
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "Identity[mspId=" + mspId + ", subject=" + certificate.getSubjectX500Principal() + "]";
  }
}
