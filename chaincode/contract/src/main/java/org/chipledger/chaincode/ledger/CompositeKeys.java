package org.chipledger.chaincode.ledger;

import java.util.Arrays;
import java.util.List;

/**
 * Fabric's composite-key format, so that keys are identical on a peer and in the embedded ledger.
 */
public final class CompositeKeys {
  private static final char DELIMITER = '\u0000';

  private CompositeKeys() {}

  /**
   * {@code \0type\0attr1\0attr2\0…}, exactly as {@code ChaincodeStub.createCompositeKey} builds it.
   */
  public static String of(String objectType, String... attributes) {
    StringBuilder key = new StringBuilder().append(DELIMITER).append(objectType).append(DELIMITER);
    for (String attribute : attributes) {
      key.append(attribute).append(DELIMITER);
    }
    return key.toString();
  }

  /** The attributes of a composite key, without its object type. */
  public static List<String> attributes(String compositeKey) {
    String[] parts = compositeKey.split(String.valueOf(DELIMITER), -1);
    // parts: "", objectType, attr1, …, attrN, "" (the key ends with a delimiter)
    return Arrays.asList(parts).subList(2, parts.length - 1);
  }

  /** The last attribute of a composite key: the id that an index key points to. */
  public static String lastAttribute(String compositeKey) {
    List<String> attributes = attributes(compositeKey);
    return attributes.get(attributes.size() - 1);
  }
}
