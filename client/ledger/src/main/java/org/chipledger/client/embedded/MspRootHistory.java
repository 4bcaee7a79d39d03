package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.membership.MembershipKeys;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * The MSP roots trusted at one point of the chain, learnt while walking it: those of the genesis
 * block, and those registered on the ledger by the transactions so far.
 */
final class MspRootHistory {
  // MSP roots registered on the ledger live under one composite-key object type.
  private static final String MSP_ROOT_TYPE =
      CompositeKey.parseCompositeKey(MembershipKeys.mspRootCa("probe")).getObjectType();

  private final Map<String, String> genesisRoots = new HashMap<>();
  private final Map<String, String> registeredRoots = new HashMap<>();

  /** Trusts the MSPs the genesis block names. */
  void genesis(TxRecord record) {
    genesisRoots.putAll(Genesis.msps(record));
  }

  /** The PEM of the root trusted for {@code mspId} now, or null if it is not a member. */
  String rootOf(String mspId) {
    return genesisRoots.getOrDefault(mspId, registeredRoots.get(mspId));
  }

  /**
   * MSP roots written by a transaction are trusted from the next transaction on; as in admission, a
   * genesis root takes precedence over a registered one.
   */
  void learn(List<WriteEntry> writes) {
    for (WriteEntry write : writes) {
      if (!write
          .getKey()
          .startsWith(CompositeKey.NAMESPACE + MSP_ROOT_TYPE + CompositeKey.NAMESPACE)) {
        continue;
      }
      List<String> attributes = CompositeKey.parseCompositeKey(write.getKey()).getAttributes();
      if (attributes.size() == 1
          && MembershipKeys.mspRootCa(attributes.get(0)).equals(write.getKey())) {
        if (write.getDelete()) {
          registeredRoots.remove(attributes.get(0));
        } else {
          registeredRoots.put(attributes.get(0), write.getValue().toString(StandardCharsets.UTF_8));
        }
      }
    }
  }
}
