package org.chipledger.chaincode.numerics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 13: every peer must compute the same numbers, so the chaincode calls none of {@code
 * java.lang.Math}'s transcendental functions, whose results the JDK lets differ by an ulp between
 * JVMs and CPUs; it calls {@code StrictMath} (fdlibm, bit-identical everywhere) instead. Functions
 * that IEEE 754 defines exactly stay allowed: {@code sqrt} (correctly rounded), {@code ceil},
 * {@code floor}, {@code rint}, {@code abs}, {@code min}, {@code max} and the {@code *Exact} ones.
 *
 * <p>Attack (before the fix): {@code SampleSize} called {@code Math.expm1} and {@code Math.log1p},
 * so {@link #theChaincodeCallsNoTranscendentalFunctionOfMath} failed on it.
 */
class StrictNumericsTest {
  /** The methods of {@code java.lang.Math} whose results are not fixed by the specification. */
  static final Set<String> LOOSE =
      Set.of(
          "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "exp",
          "expm1", "log", "log10", "log1p", "pow", "cbrt", "hypot");

  private static final DescribedPredicate<JavaMethodCall> LOOSE_MATH =
      new DescribedPredicate<>("a transcendental function of java.lang.Math") {
        @Override
        public boolean test(JavaMethodCall call) {
          return call.getTargetOwner().isEquivalentTo(Math.class) && LOOSE.contains(call.getName());
        }
      };

  static final ArchRule STRICT_NUMERICS =
      noClasses()
          .should()
          .callMethodWhere(LOOSE_MATH)
          .because("peers on different JVMs must agree to the last bit; use StrictMath");

  @Test
  void theChaincodeCallsNoTranscendentalFunctionOfMath() {
    JavaClasses chaincode =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.chipledger.chaincode");
    assertThat(chaincode.stream().map(c -> c.getSimpleName())).contains("SampleSize");
    STRICT_NUMERICS.check(chaincode);
  }

  @Test
  void theRuleCatchesMathLogButLetsTheExactSqrtPass() {
    EvaluationResult result =
        STRICT_NUMERICS.evaluate(new ClassFileImporter().importClasses(UsesMathLog.class));
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .hasSize(2)
        .anySatisfy(d -> assertThat(d).contains("Math.log1p"))
        .anySatisfy(d -> assertThat(d).contains("Math.log("))
        .noneSatisfy(d -> assertThat(d).contains("sqrt"));
  }
}
