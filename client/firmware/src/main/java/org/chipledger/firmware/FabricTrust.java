package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * The Fabric trust anchor installed in a chip's firmware, read from a channel configuration block
 * the treaty trusts (the genesis block): the BFT consenters whose quorum of signatures shows a
 * block was ordered, and the root CAs of the organisations that run peers, a majority of which must
 * have endorsed a transaction (the channel's endorsement policy) for the chip to take its result.
 */
public final class FabricTrust implements LedgerAnchor {
  private final String channel;
  private final String chaincode;
  private final FabricConsenters consenters;
  private final Map<String, List<X509Certificate>> endorsingOrgs;

  private FabricTrust(
      String channel,
      String chaincode,
      FabricConsenters consenters,
      Map<String, List<X509Certificate>> endorsingOrgs) {
    if (endorsingOrgs.isEmpty()) {
      throw new IllegalArgumentException("the channel has no organisation that runs peers");
    }
    this.channel = channel;
    this.chaincode = chaincode;
    this.consenters = consenters;
    this.endorsingOrgs = Map.copyOf(endorsingOrgs);
  }

  /**
   * The anchor in configuration block {@code block} for chaincode {@code chaincode}. Endorsing
   * organisations are the application organisations with anchor peers.
   */
  public static FabricTrust fromConfigBlock(Block block, String chaincode) {
    try {
      if (block.getData().getDataCount() != 1) {
        throw new IllegalArgumentException("a configuration block holds exactly one envelope");
      }
      Payload payload =
          Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
      ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
      if (header.getType() != HeaderType.CONFIG_VALUE) {
        throw new IllegalArgumentException(
            "block " + block.getHeader().getNumber() + " is not a configuration block");
      }
      ConfigGroup root = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
      ConfigGroup orderer = group(root, "Orderer");
      Orderers orderers = Orderers.parseFrom(value(orderer, "Orderers"));
      Map<String, List<X509Certificate>> orgs = new TreeMap<>();
      for (ConfigGroup org : group(root, "Application").getGroupsMap().values()) {
        if (!org.getValuesMap().containsKey("AnchorPeers")) {
          continue;
        }
        FabricMSPConfig msp =
            FabricMSPConfig.parseFrom(MSPConfig.parseFrom(value(org, "MSP")).getConfig());
        List<X509Certificate> roots = new ArrayList<>();
        for (ByteString pem : msp.getRootCertsList()) {
          roots.add(certificate(pem));
        }
        orgs.put(msp.getName(), List.copyOf(roots));
      }
      return new FabricTrust(
          header.getChannelId(),
          chaincode,
          FabricConsenters.of(orderers.getConsenterMappingList()),
          orgs);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("an unreadable configuration block", e);
    }
  }

  private static ConfigGroup group(ConfigGroup parent, String name) {
    ConfigGroup group = parent.getGroupsMap().get(name);
    if (group == null) {
      throw new IllegalArgumentException("the configuration has no " + name + " group");
    }
    return group;
  }

  private static ByteString value(ConfigGroup group, String name) {
    ConfigValue value = group.getValuesMap().get(name);
    if (value == null) {
      throw new IllegalArgumentException("the configuration group has no " + name + " value");
    }
    return value.getValue();
  }

  static X509Certificate certificate(ByteString pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem.toByteArray()));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** The channel the anchor is for. */
  public String channel() {
    return channel;
  }

  /** The chaincode whose results the chip takes. */
  public String chaincode() {
    return chaincode;
  }

  /** The channel's consenters and their quorum. */
  public FabricConsenters consenters() {
    return consenters;
  }

  /** The organisations that run peers (MSP id to root CAs). */
  Map<String, List<X509Certificate>> endorsingOrgs() {
    return endorsingOrgs;
  }

  /** Distinct endorsing organisations a transaction needs: a majority of those that run peers. */
  public int endorsements() {
    return endorsingOrgs.size() / 2 + 1;
  }
}
