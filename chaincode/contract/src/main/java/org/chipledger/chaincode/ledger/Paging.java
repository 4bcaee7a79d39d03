package org.chipledger.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page sizes and scan bookmarks of the paged queries, alike for every index. */
public final class Paging {
  private static final int MAX_PAGE = 1000;
  private static final int DEFAULT_PAGE = 100;

  private Paging() {}

  /** The page size to use for a requested one: 0 means the default, and large ones are capped. */
  public static int size(int requested) {
    return requested == 0 ? DEFAULT_PAGE : Math.min(requested, MAX_PAGE);
  }

  /** Bookmarks are state keys, which hold NUL bytes; clients see them as base64url. */
  public static String encode(String scanBookmark) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(scanBookmark.getBytes(StandardCharsets.UTF_8));
  }

  /** The scan bookmark a client's bookmark stands for. */
  public static String decode(String bookmark) {
    try {
      return new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT, "bookmark '" + bookmark + "' is invalid");
    }
  }
}
