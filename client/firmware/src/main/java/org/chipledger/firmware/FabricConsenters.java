package org.chipledger.firmware;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Consenter;

/**
 * The Fabric trust anchor installed in a chip's firmware: a BFT channel's consenters (id, MSP id,
 * certificate) as its configuration lists them, and the quorum of their signatures a block needs,
 * {@code ceil((n + f + 1) / 2)} with {@code f = floor((n - 1) / 3)} as Fabric's BFT block
 * validation policy sets it.
 */
public final class FabricConsenters {
  /** A consenter the chip trusts: its numeric id, its serialised identity and its key. */
  record Member(long id, String mspId, com.google.protobuf.ByteString identity, PublicKey key) {}

  private final Map<Long, Member> byId = new LinkedHashMap<>();

  private FabricConsenters(List<Member> members) {
    for (Member member : members) {
      if (byId.put(member.id(), member) != null) {
        throw new IllegalArgumentException("consenter id " + member.id() + " is listed twice");
      }
    }
  }

  /** The anchor for {@code consenters}, whose identities are PEM X.509 certificates. */
  public static FabricConsenters of(List<Consenter> consenters) {
    if (consenters.isEmpty()) {
      throw new IllegalArgumentException("a channel has at least one consenter");
    }
    return new FabricConsenters(
        consenters.stream()
            .map(
                c ->
                    new Member(
                        Integer.toUnsignedLong(c.getId()),
                        c.getMspId(),
                        c.getIdentity(),
                        key(c.getIdentity().toByteArray())))
            .toList());
  }

  /** The number of consenters, n. */
  public int size() {
    return byId.size();
  }

  /** The signatures a block needs: ceil((n + f + 1) / 2), f = floor((n - 1) / 3). */
  public int quorum() {
    int n = size();
    int f = (n - 1) / 3;
    return (n + f + 2) / 2;
  }

  Member byId(long id) {
    return byId.get(id);
  }

  /** The consenter whose serialised identity is ({@code mspId}, {@code identity}), or null. */
  Member byIdentity(String mspId, com.google.protobuf.ByteString identity) {
    for (Member member : byId.values()) {
      if (member.mspId().equals(mspId) && member.identity().equals(identity)) {
        return member;
      }
    }
    return null;
  }

  private static PublicKey key(byte[] pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem))
          .getPublicKey();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("a consenter identity is not a certificate", e);
    }
  }
}
