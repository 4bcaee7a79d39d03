package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16 item 3 on Fabric, chip side: blocks built and signed here with four test orderers' keys,
 * as a BFT channel's consenters sign them (fabric-block-signatures.md). A quorum (three of four) is
 * accepted; too few signatures, a non-consenter's, one signer counted twice or a tampered header or
 * data are refused.
 */
class FabricBlockCheckTest {
  private static final CertificateAuthority ORDERER_CA =
      CertificateAuthority.create("OrdererMSP", "orderer-ca");
  private static final List<Identity> ORDERERS =
      List.of(
          ORDERER_CA.issue("orderer1", Map.of()),
          ORDERER_CA.issue("orderer2", Map.of()),
          ORDERER_CA.issue("orderer3", Map.of()),
          ORDERER_CA.issue("orderer4", Map.of()));
  private static final FabricConsenters CONSENTERS = consenters();
  private static final ByteString VALUE = ByteString.copyFromUtf8("last config index 0");

  @Test
  void threeOfFourConsentersAreAQuorum() throws Exception {
    BlockHeader header = header(12);
    Block block = block(header, idSig(1, header), idSig(2, header), creatorSig(3, header));
    assertThat(FabricBlockCheck.check(block, CONSENTERS)).isEqualTo(new ProofVerdict.Anchored(12));
  }

  @Test
  void twoSignaturesAreTooFew() throws Exception {
    BlockHeader header = header(12);
    assertRefused(block(header, idSig(1, header), idSig(4, header)));
  }

  @Test
  void aNonConsentersSignatureDoesNotCount() throws Exception {
    BlockHeader header = header(12);
    Identity outsider = CertificateAuthority.create("OrdererMSP", "other-ca").issue("x", Map.of());
    byte[] creator = outsider.serialized();
    ByteString sigHeader =
        SignatureHeader.newBuilder()
            .setCreator(ByteString.copyFrom(creator))
            .build()
            .toByteString();
    MetadataSignature byOutsider = signed(outsider, sigHeader, header, false);
    // The outsider also claims consenter 3's id; its signature does not verify under 3's key.
    ByteString claimsThree = IdentifierHeader.newBuilder().setIdentifier(3).build().toByteString();
    MetadataSignature posing = signed(outsider, claimsThree, header, true);
    assertRefused(block(header, idSig(1, header), idSig(2, header), byOutsider, posing));
  }

  @Test
  void oneConsenterSigningTwiceCountsOnce() throws Exception {
    BlockHeader header = header(12);
    assertRefused(
        block(header, idSig(1, header), idSig(1, header), creatorSig(1, header), idSig(2, header)));
  }

  @Test
  void aTamperedHeaderOrDataIsRefused() throws Exception {
    BlockHeader header = header(12);
    Block genuine = block(header, idSig(1, header), idSig(2, header), idSig(3, header));
    Block renumbered = genuine.toBuilder().setHeader(header.toBuilder().setNumber(13)).build();
    Block relinked =
        genuine.toBuilder()
            .setHeader(header.toBuilder().setPreviousHash(ByteString.copyFrom(new byte[32])))
            .build();
    Block otherData =
        genuine.toBuilder()
            .setData(BlockData.newBuilder().addData(ByteString.copyFromUtf8("forged tx")))
            .build();
    assertRefused(renumbered);
    assertRefused(relinked);
    assertRefused(otherData);
  }

  @Test
  void aBlockWithoutSignatureMetadataIsRefused() throws Exception {
    BlockHeader header = header(3);
    assertRefused(
        block(header).toBuilder().setMetadata(BlockMetadata.getDefaultInstance()).build());
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "127", "128", "255", "256", "65536", "9223372036854775807"})
  void theHeaderBytesAreTheDerFabricSigns(long number) throws Exception {
    BlockHeader header = header(number);
    assertThat(FabricBlockCheck.headerBytes(header)).isEqualTo(bouncyCastleDer(header));
  }

  @Test
  void aNumberAboveTheSignedLongRangeStaysAPositiveInteger() throws Exception {
    BlockHeader header = header(0).toBuilder().setNumber(-1L).build(); // 2^64 - 1 unsigned
    assertThat(FabricBlockCheck.headerBytes(header)).isEqualTo(bouncyCastleDer(header));
  }

  @ParameterizedTest
  @CsvSource({"1,1", "2,2", "3,2", "4,3", "5,4", "7,5", "10,7"})
  void theQuorumIsFabricsBftQuorum(int n, int quorum) {
    List<Consenter> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(consenter(i + 1, ORDERERS.get(i % ORDERERS.size())));
    }
    assertThat(FabricConsenters.of(list).quorum()).isEqualTo(quorum);
  }

  private static void assertRefused(Block block) {
    assertThat(FabricBlockCheck.check(block, CONSENTERS)).isInstanceOf(ProofVerdict.Refused.class);
  }

  private static FabricConsenters consenters() {
    List<Consenter> list = new ArrayList<>();
    for (int i = 0; i < ORDERERS.size(); i++) {
      list.add(consenter(i + 1, ORDERERS.get(i)));
    }
    return FabricConsenters.of(list);
  }

  private static Consenter consenter(int id, Identity orderer) {
    return Consenter.newBuilder()
        .setId(id)
        .setMspId(orderer.mspId())
        .setIdentity(ByteString.copyFrom(orderer.certificatePem(), StandardCharsets.UTF_8))
        .build();
  }

  private static final List<ByteString> DATA =
      List.of(ByteString.copyFromUtf8("envelope 1"), ByteString.copyFromUtf8("envelope 2"));

  private static BlockHeader header(long number) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    DATA.forEach(d -> sha.update(d.toByteArray()));
    return BlockHeader.newBuilder()
        .setNumber(number)
        .setPreviousHash(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .setDataHash(ByteString.copyFrom(sha.digest()))
        .build();
  }

  private static Block block(BlockHeader header, MetadataSignature... signatures) {
    Metadata metadata =
        Metadata.newBuilder().setValue(VALUE).addAllSignatures(List.of(signatures)).build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(BlockData.newBuilder().addAllData(DATA))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(metadata.toByteString()))
        .build();
  }

  /** Consenter {@code id}'s signature with an identifier header, as BFT orderers sign. */
  private static MetadataSignature idSig(int id, BlockHeader header) throws IOException {
    ByteString idHeader =
        IdentifierHeader.newBuilder()
            .setIdentifier(id)
            .setNonce(ByteString.copyFromUtf8("n" + id))
            .build()
            .toByteString();
    return signed(ORDERERS.get(id - 1), idHeader, header, true);
  }

  /** Consenter {@code id}'s signature with a signature header naming its identity. */
  private static MetadataSignature creatorSig(int id, BlockHeader header) throws IOException {
    Identity orderer = ORDERERS.get(id - 1);
    ByteString sigHeader =
        SignatureHeader.newBuilder()
            .setCreator(ByteString.copyFrom(orderer.serialized()))
            .setNonce(ByteString.copyFromUtf8("n"))
            .build()
            .toByteString();
    return signed(orderer, sigHeader, header, false);
  }

  private static MetadataSignature signed(
      Identity signer, ByteString signedHeader, BlockHeader header, boolean identifier)
      throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write(VALUE.toByteArray());
    message.write(signedHeader.toByteArray());
    message.write(bouncyCastleDer(header));
    MetadataSignature.Builder signature =
        MetadataSignature.newBuilder()
            .setSignature(ByteString.copyFrom(signer.sign(message.toByteArray())));
    return identifier
        ? signature.setIdentifierHeader(signedHeader).build()
        : signature.setSignatureHeader(signedHeader).build();
  }

  private static byte[] bouncyCastleDer(BlockHeader header) throws IOException {
    ASN1EncodableVector fields = new ASN1EncodableVector();
    fields.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
    fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
    fields.add(new DEROctetString(header.getDataHash().toByteArray()));
    return new DERSequence(fields).getEncoded();
  }
}
