package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.crypto.Sha256;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The chip's check that a Fabric BFT channel committed a block: the header's data hash matches the
 * block's data, and a quorum of distinct consenters signed {@code metadata.value ‖ identifier or
 * signature header ‖ DER(header)} in the block's SIGNATURES metadata. Signatures by identities
 * outside the consenter set, bad signatures and repeated signers do not count.
 */
public final class FabricBlockCheck {
  /** More signatures than any channel's consenters make: refused unread. */
  private static final int MAX_SIGNATURES = 256;

  private FabricBlockCheck() {}

  /** The outcome: the block's number and header hash, or why it is refused. */
  public static ProofVerdict check(Block block, FabricConsenters consenters) {
    BlockHeader header = block.getHeader();
    MessageDigest data = Sha256.newDigest();
    block.getData().getDataList().forEach(d -> data.update(d.toByteArray()));
    if (!MessageDigest.isEqual(data.digest(), header.getDataHash().toByteArray())) {
      return new ProofVerdict.Refused("the header's data hash does not match the block's data");
    }
    int index = BlockMetadataIndex.SIGNATURES.getNumber();
    if (block.getMetadata().getMetadataCount() <= index) {
      return new ProofVerdict.Refused("the block has no signature metadata");
    }
    Metadata metadata;
    try {
      metadata = Metadata.parseFrom(block.getMetadata().getMetadata(index));
    } catch (InvalidProtocolBufferException e) {
      return new ProofVerdict.Refused("the signature metadata is unreadable");
    }
    if (metadata.getSignaturesCount() > MAX_SIGNATURES) {
      return new ProofVerdict.Refused(
          "the block carries " + metadata.getSignaturesCount() + " signatures");
    }
    byte[] headerBytes = headerBytes(header);
    Set<Long> signers = new HashSet<>();
    for (MetadataSignature signature : metadata.getSignaturesList()) {
      FabricConsenters.Member signer = signer(signature, consenters);
      if (signer == null || signers.contains(signer.id())) {
        continue;
      }
      ByteString signedHeader =
          signature.getIdentifierHeader().isEmpty()
              ? signature.getSignatureHeader()
              : signature.getIdentifierHeader();
      byte[] signed =
          metadata
              .getValue()
              .concat(signedHeader)
              .concat(ByteString.copyFrom(headerBytes))
              .toByteArray();
      if (EcdsaSignatures.verify(signer.key(), signed, signature.getSignature().toByteArray())) {
        signers.add(signer.id());
      }
    }
    if (signers.size() < consenters.quorum()) {
      return new ProofVerdict.Refused(
          signers.size()
              + " of "
              + consenters.size()
              + " consenters signed block "
              + header.getNumber()
              + "; "
              + consenters.quorum()
              + " are needed");
    }
    return new ProofVerdict.Anchored(header.getNumber());
  }

  /** The hash that chains Fabric blocks: SHA-256 of the header's DER bytes. */
  public static byte[] headerHash(BlockHeader header) {
    return Sha256.of(headerBytes(header));
  }

  /**
   * DER of SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }, the
   * bytes Fabric signs and hashes for a header.
   */
  public static byte[] headerBytes(BlockHeader header) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // The number is unsigned on the wire; as an ASN.1 INTEGER it must stay positive.
    BigInteger number = new BigInteger(Long.toUnsignedString(header.getNumber()));
    tlv(body, 0x02, number.toByteArray());
    tlv(body, 0x04, header.getPreviousHash().toByteArray());
    tlv(body, 0x04, header.getDataHash().toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      byte[] len = BigInteger.valueOf(length).toByteArray();
      int skip = len[0] == 0 ? 1 : 0;
      out.write(0x80 | (len.length - skip));
      out.write(len, skip, len.length - skip);
    }
    out.write(value, 0, value.length);
  }

  /** The consenter a signature claims to be by, or null if it names none of them. */
  private static FabricConsenters.Member signer(
      MetadataSignature signature, FabricConsenters consenters) {
    try {
      if (!signature.getIdentifierHeader().isEmpty()) {
        IdentifierHeader id = IdentifierHeader.parseFrom(signature.getIdentifierHeader());
        return consenters.byId(Integer.toUnsignedLong(id.getIdentifier()));
      }
      SignatureHeader header = SignatureHeader.parseFrom(signature.getSignatureHeader());
      SerializedIdentity creator = SerializedIdentity.parseFrom(header.getCreator());
      return consenters.byIdentity(creator.getMspid(), creator.getIdBytes());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
