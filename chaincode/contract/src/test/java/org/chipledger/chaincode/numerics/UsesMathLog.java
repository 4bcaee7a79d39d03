package org.chipledger.chaincode.numerics;

/** A rule written the old way, for proving that the numerics rule catches it. */
final class UsesMathLog {
  private UsesMathLog() {}

  static double odds(double p) {
    return Math.log1p(-p) / Math.log(2);
  }

  static double root(double x) {
    return Math.sqrt(x);
  }
}
