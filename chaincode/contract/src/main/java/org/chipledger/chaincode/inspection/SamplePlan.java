package org.chipledger.chaincode.inspection;

/**
 * The outcome of Equation (1) for one chip population.
 *
 * @param chips C, the monitored chips the sample is drawn from
 * @param chipsNeeded H/(a*T), the fewest chips that can run H FLOPs within T days
 * @param perSampleDetection x, the chance that one sampled chip was used and holds a snapshot
 * @param roundsPerRun ceil(T/T_m), the sampling rounds that fall within one run
 * @param perPeriod s, chips to sample per monitoring period
 * @param annualSamples 365*s/T_m
 * @param feasible false when a run of H FLOPs cannot fit on C chips within T days (Table 1's "—")
 */
public record SamplePlan(
    long chips,
    double chipsNeeded,
    double perSampleDetection,
    long roundsPerRun,
    long perPeriod,
    double annualSamples,
    boolean feasible) {}
