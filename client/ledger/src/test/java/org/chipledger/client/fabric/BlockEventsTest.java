package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipsRegistered;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/** Blocks laid out as the peers write them, and the chipledger events read back from them. */
class BlockEventsTest {
  private static final String CHAINCODE = "chipledger";

  @Test
  void onlyTheChaincodesEventsOfValidTransactionsCountInTransactionOrder() {
    LedgerEvent first = registered("tx-1", 1000);
    LedgerEvent conflicted = registered("tx-2", 5);
    LedgerEvent last = registered("tx-6", 7);
    Block block =
        block(
            42,
            List.of(
                endorsed(CHAINCODE, "tx-1", first.toByteString()),
                endorsed(CHAINCODE, "tx-2", conflicted.toByteString()),
                envelope(HeaderType.CONFIG, "tx-3", ByteString.copyFromUtf8("config")),
                endorsed("_lifecycle", "tx-4", registered("tx-4", 3).toByteString()),
                endorsed(CHAINCODE, "tx-5", null),
                endorsed(CHAINCODE, "tx-6", last.toByteString())),
            TxValidationCode.VALID,
            TxValidationCode.MVCC_READ_CONFLICT,
            TxValidationCode.VALID,
            TxValidationCode.VALID,
            TxValidationCode.VALID,
            TxValidationCode.VALID);

    assertThat(BlockEvents.of(block, CHAINCODE))
        .containsExactly(new FabricEvent(42, first), new FabricEvent(42, last));
  }

  @Test
  void aBlockWithoutValidationFlagsHoldsNoEvents() {
    Block genesis =
        Block.newBuilder()
            .setHeader(BlockHeader.newBuilder().setNumber(0))
            .setData(
                BlockData.newBuilder()
                    .addData(endorsed(CHAINCODE, "tx-0", registered("tx-0", 1).toByteString())))
            .build();

    assertThat(BlockEvents.of(genesis, CHAINCODE)).isEmpty();
  }

  @Test
  void anUnreadableEventStopsTheReplay() {
    Block block =
        block(
            9,
            List.of(endorsed(CHAINCODE, "tx-9", ByteString.copyFrom(new byte[] {(byte) 0xff}))),
            TxValidationCode.VALID);

    assertThatThrownBy(() -> BlockEvents.of(block, CHAINCODE))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessageContaining("tx-9");
  }

  @Test
  void anUnreadableTransactionNamesItsBlock() {
    Block block =
        block(
            12,
            List.of(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01})),
            TxValidationCode.VALID);

    assertThatThrownBy(() -> BlockEvents.of(block, CHAINCODE))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessageContaining("transaction 0 in block 12");
  }

  private static LedgerEvent registered(String txId, int chips) {
    return LedgerEvent.newBuilder()
        .setTxId(txId)
        .setChipsRegistered(ChipsRegistered.newBuilder().setCount(chips))
        .build();
  }

  /** An endorser transaction whose chaincode set {@code event}, or no event if it is null. */
  private static ByteString endorsed(String chaincode, String txId, ByteString event) {
    ChaincodeAction.Builder action = ChaincodeAction.newBuilder();
    if (event != null) {
      action.setEvents(
          ChaincodeEvent.newBuilder()
              .setChaincodeId(chaincode)
              .setTxId(txId)
              .setEventName("CHIPS_REGISTERED")
              .setPayload(event)
              .build()
              .toByteString());
    }
    ProposalResponsePayload response =
        ProposalResponsePayload.newBuilder().setExtension(action.build().toByteString()).build();
    ChaincodeActionPayload payload =
        ChaincodeActionPayload.newBuilder()
            .setAction(
                ChaincodeEndorsedAction.newBuilder()
                    .setProposalResponsePayload(response.toByteString()))
            .build();
    Transaction tx =
        Transaction.newBuilder()
            .addActions(TransactionAction.newBuilder().setPayload(payload.toByteString()))
            .build();
    return envelope(HeaderType.ENDORSER_TRANSACTION, txId, tx.toByteString());
  }

  private static ByteString envelope(HeaderType type, String txId, ByteString data) {
    ChannelHeader header =
        ChannelHeader.newBuilder()
            .setType(type.getNumber())
            .setChannelId("treaty")
            .setTxId(txId)
            .build();
    Payload payload =
        Payload.newBuilder()
            .setHeader(Header.newBuilder().setChannelHeader(header.toByteString()))
            .setData(data)
            .build();
    return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
  }

  private static Block block(long number, List<ByteString> envelopes, TxValidationCode... codes) {
    byte[] flags = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) {
      flags[i] = (byte) codes[i].getNumber();
    }
    BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
    for (BlockMetadataIndex index : BlockMetadataIndex.values()) {
      if (index != BlockMetadataIndex.UNRECOGNIZED) {
        metadata.addMetadata(
            index == BlockMetadataIndex.TRANSACTIONS_FILTER
                ? ByteString.copyFrom(flags)
                : ByteString.EMPTY);
      }
    }
    return Block.newBuilder()
        .setHeader(BlockHeader.newBuilder().setNumber(number))
        .setData(BlockData.newBuilder().addAllData(envelopes))
        .setMetadata(metadata)
        .build();
  }
}
