package org.chipledger.client.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerEvents;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The chipledger events in a full Fabric block: what the peer's chaincode event service would
 * deliver for it, read from the block itself so that a replay also learns of the blocks without any
 * event and knows when it has reached the end.
 */
final class BlockEvents {
  private BlockEvents() {}

  /**
   * The events {@code chaincode} set in the block's valid transactions, in transaction order.
   * Transactions the committing peers marked invalid (MVCC conflicts, failed endorsement policy)
   * changed nothing, so their events are left out, as the event service leaves them out.
   */
  static List<FabricEvent> of(Block block, String chaincode) {
    long number = block.getHeader().getNumber();
    ByteString validation = validationCodes(block);
    List<ByteString> envelopes = block.getData().getDataList();
    List<FabricEvent> events = new ArrayList<>();
    for (int i = 0; i < envelopes.size(); i++) {
      if (i >= validation.size() || validation.byteAt(i) != TxValidationCode.VALID_VALUE) {
        continue;
      }
      try {
        for (ChaincodeEvent event : chaincodeEvents(envelopes.get(i))) {
          if (event.getChaincodeId().equals(chaincode) && !event.getEventName().isEmpty()) {
            events.add(
                new FabricEvent(
                    number,
                    LedgerEvents.parse(
                        event.getPayload().toByteArray(),
                        event.getEventName() + " of transaction " + event.getTxId())));
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new LedgerException(
            ErrorCode.INTERNAL, "unreadable transaction " + i + " in block " + number, e);
      }
    }
    return events;
  }

  /** The index of transaction {@code txId}'s envelope in {@code block}, or -1. */
  static int indexOf(Block block, String txId) {
    List<ByteString> envelopes = block.getData().getDataList();
    for (int i = 0; i < envelopes.size(); i++) {
      try {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(envelopes.get(i)).getPayload());
        if (ChannelHeader.parseFrom(payload.getHeader().getChannelHeader())
            .getTxId()
            .equals(txId)) {
          return i;
        }
      } catch (InvalidProtocolBufferException e) {
        throw new LedgerException(
            ErrorCode.INTERNAL,
            "unreadable transaction " + i + " in block " + block.getHeader().getNumber(),
            e);
      }
    }
    return -1;
  }

  private static ByteString validationCodes(Block block) {
    int index = BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE;
    return block.getMetadata().getMetadataCount() > index
        ? block.getMetadata().getMetadata(index)
        : ByteString.EMPTY;
  }

  /** The chaincode events of an endorser transaction; none for config and other envelopes. */
  private static List<ChaincodeEvent> chaincodeEvents(ByteString envelope)
      throws InvalidProtocolBufferException {
    Payload payload = Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
    ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
    if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
      return List.of();
    }
    List<ChaincodeEvent> events = new ArrayList<>();
    for (TransactionAction action : Transaction.parseFrom(payload.getData()).getActionsList()) {
      ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
      ProposalResponsePayload response =
          ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
      ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
      // Marshalled by the peer; empty when the transaction set no event.
      if (!chaincodeAction.getEvents().isEmpty()) {
        events.add(ChaincodeEvent.parseFrom(chaincodeAction.getEvents()));
      }
    }
    return events;
  }
}
