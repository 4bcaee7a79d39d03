package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.inspection.PaperTable.Agreement;
import org.chipledger.chaincode.inspection.PaperTable.Cell;
import org.chipledger.chaincode.inspection.PaperTable.Row;
import org.junit.jupiter.api.Test;

class PaperTableTest {

  @Test
  void theSampleCellsThatDifferAreExactlyThoseListedInThePaperSpec() {
    List<String> differing = new ArrayList<>();
    for (Row row : PaperTable.rows()) {
      for (int i = 0; i < PaperTable.FLEETS.size(); i++) {
        Cell cell = row.samples().get(i);
        if (cell.agreement() != Agreement.MATCHES) {
          differing.add(
              row.printed().model() + "@" + PaperTable.FLEETS.get(i) + "=" + cell.agreement());
          assertThat(cell.note()).contains("paper prints " + cell.printed());
        } else {
          assertThat(cell.note()).isEmpty();
        }
      }
    }
    assertThat(differing)
        .containsExactlyInAnyOrder(
            "GPT-3@1000=FIRST_ORDER",
            "Chinchilla@1000=FIRST_ORDER",
            "PaLM@1000=FIRST_ORDER",
            "Chinchilla-280B@1000=PRINTED_BUT_INFEASIBLE",
            "Chinchilla-280B@100000=FIRST_ORDER",
            "Chinchilla-1T@100000=FIRST_ORDER",
            "Chinchilla-10T@10000000=FIRST_ORDER");
  }

  @Test
  void computedCellsComeFromEquationOneWithWholeChipsPerPeriod() {
    Row gpt3 = PaperTable.rows().get(0);
    assertThat(gpt3.plans().get(0).perPeriod()).isEqualTo(19);
    assertThat(gpt3.samples().get(0).value()).isEqualTo(365.0 * 19 / 30);
    assertThat(gpt3.samples().get(1).value()).isEqualTo(365.0 * 2000 / 30);
    Row chinchilla280b = PaperTable.rows().get(3);
    assertThat(chinchilla280b.samples().get(0).value()).isNaN();
    assertThat(chinchilla280b.samples().get(0).note()).contains("3,820 chips > C = 1,000");
  }

  @Test
  void theH100ColumnsMatchThePaper() {
    for (Row row : PaperTable.rows()) {
      assertThat(row.h100Days().agreement()).as(row.printed().model()).isEqualTo(Agreement.MATCHES);
      assertThat(row.h100sPerYear().agreement())
          .as(row.printed().model())
          .isEqualTo(Agreement.MATCHES);
    }
    assertThat(PaperTable.rows().get(4).h100sPerYear().value()).isEqualTo(4028);
  }

  @Test
  void agreementAllowsLessThanOneUnitOfTheLastPrintedDigit() {
    assertThat(PaperTable.agrees("2.43e+4", 24_333.3)).isTrue();
    assertThat(PaperTable.agrees("2.43e+4", 24_400)).isFalse();
    assertThat(PaperTable.agrees("771", 771.9)).isTrue();
    assertThat(PaperTable.agrees("771", 766.5)).isFalse();
    assertThat(PaperTable.agrees("6.02e+3", 6010.3)).isTrue();
    assertThat(PaperTable.agrees("6.02e+3", 6010.0)).isFalse();
  }

  @Test
  void footnote5NeedsAbout232Inspectors() {
    PaperTable.Footnote5 estimate = PaperTable.footnote5();
    assertThat(Math.round(estimate.plan().annualSamples())).isEqualTo(231_568);
    assertThat(estimate.inspectors()).isEqualTo(232);
  }
}
