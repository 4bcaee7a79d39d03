package org.chipledger.client.embedded;

import java.util.Map;
import java.util.Optional;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * The result of running one proposal through the contract router: its payload, buffered writes (in
 * the order first written; an empty value is a deletion) and event.
 */
@SuppressWarnings("ArrayRecordComponent") // internal hand-over, never exposed
record Execution(byte[] payload, Map<String, byte[]> writes, Optional<ChaincodeEvent> event) {

  /** Runs the proposal against a view; throws the contract's rejection as a LedgerException. */
  static Execution run(TxProposal proposal, StateView view) {
    EmbeddedStub stub = new EmbeddedStub(proposal, view);
    Chaincode.Response response;
    try {
      response = Router.invoke(stub);
    } finally {
      stub.closeRanges();
    }
    Optional<LedgerException> storageFailure = stub.storageFailure();
    if (storageFailure.isPresent()) {
      throw storageFailure.get();
    }
    if (response.getStatusCode() != 200) {
      throw ContractErrors.toException(response);
    }
    byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
    return new Execution(payload, stub.writes(), stub.committedEvent());
  }
}
