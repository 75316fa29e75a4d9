package org.netlever.aaa.call.prepaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.netlever.aaa.call.prepaid.InMemoryPrepaidBilling.Flaw;

/**
 * The prepaid billing kit fails a billing that breaks its rules (issue 12): each variant of the in-memory billing
 * breaks one rule and is run through the kit on the JUnit engine; the kit's check of that rule fails, and only it.
 */
class CallBillingKitSelfTest {

    private static final String SELF_TEST = "netlever.tck.selfTest";

    private static final String EXTENDS = "answerInterim_afterATopUp_extendsTheCall_andHoldsTheNewCredit";
    private static final String CUTS = "answerInterim_afterOtherCharges_cutsTheCall";
    private static final String ENDS = "answerInterim_whenNothingIsLeft_endsTheCall";
    private static final String LIMIT_ACROSS = "authorize_overTheCallLimitAcrossTwoInstances_isAccountInUse";
    private static final String START_UNAUTHORIZED = "start_withoutAuthorization_concurrentlyOnTwoInstances_neverOverdraws";

    /**
     * How one check of the kit ended.
     *
     * @param status passed, failed or skipped (aborted)
     * @param message the failure's or the skip's message, empty if it passed
     */
    private record Outcome(TestExecutionResult.Status status, String message) {
    }

    /** The kit's checks and how each ended, for a kit class run on the engine, by method name. */
    private static Map<String, Outcome> run(Class<?> kit) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit))
                .configurationParameter(SELF_TEST, "true").execute();
        Map<String, Outcome> outcomes = new TreeMap<>();
        results.testEvents().finished().stream().forEach(e -> {
            TestExecutionResult result = e.getRequiredPayload(TestExecutionResult.class);
            outcomes.put(method(e), new Outcome(result.getStatus(),
                    result.getThrowable().map(Throwable::getMessage).orElse("")));
        });
        return outcomes;
    }

    private static String method(Event e) {
        return e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(MethodSource::getMethodName).orElse(e.getTestDescriptor().getDisplayName());
    }

    /** The checks that ended so, and their messages. */
    private static Map<String, String> with(Map<String, Outcome> outcomes, TestExecutionResult.Status status) {
        Map<String, String> selected = new TreeMap<>();
        outcomes.forEach((check, outcome) -> {
            if (outcome.status() == status) {
                selected.put(check, outcome.message());
            }
        });
        return selected;
    }

    private static Set<String> failed(Class<?> kit) {
        return with(run(kit), TestExecutionResult.Status.FAILED).keySet();
    }

    @Test
    @DisplayName("The sound in-memory billing passes every check of the kit on the engine, none skipped")
    void soundBilling_passesEveryCheck() {
        Map<String, Outcome> outcomes = run(InMemoryPrepaidBillingKitTest.class);

        assertThat(outcomes).as("the kit's checks, new ones included").containsKeys(EXTENDS, CUTS, ENDS,
                LIMIT_ACROSS, START_UNAUTHORIZED).hasSizeGreaterThanOrEqualTo(13);
        assertThat(outcomes).allSatisfy((check, outcome) -> assertThat(outcome.status()).as("%s: %s", check,
                outcome.message()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    @DisplayName("S2.5: a billing whose Interim-Update never extends a call fails the extension check only")
    void interimNeverExtends_failsTheExtensionCheck() {
        assertThat(failed(InterimNeverExtends.class)).containsExactly(EXTENDS);
    }

    @Test
    @DisplayName("S2.5: a billing whose Interim-Update extends a call without holding the credit fails the "
            + "extension check only")
    void interimExtendsWithoutHolding_failsTheExtensionCheck() {
        assertThat(failed(InterimExtendsWithoutHolding.class))
                .containsExactly(EXTENDS);
    }

    @Test
    @DisplayName("S2.5: a billing whose Interim-Update never cuts a call fails the cut and end checks only")
    void interimNeverCuts_failsTheCutAndEndChecks() {
        assertThat(failed(InterimNeverCuts.class)).containsExactly(CUTS, ENDS);
    }

    @Test
    @DisplayName("S2.3: a billing that counts calls at once per instance fails the check across two servers only")
    void callLimitPerInstance_failsTheCheckAcrossTwoServers() {
        assertThat(failed(CallLimitPerInstance.class))
                .containsExactly(LIMIT_ACROSS);
    }

    @Test
    @DisplayName("S2.1 S2.4: a billing that lets an unauthorized call go on unlimited at Start fails that check only")
    void startUnlimitedWithoutAuthorization_failsTheStartCheck() {
        assertThat(failed(StartUnlimitedWithoutAuthorization.class))
                .containsExactly(START_UNAUTHORIZED);
    }

    @Test
    @DisplayName("S2.1 S2.4: a billing whose Start grants the whole balance, ignoring other calls, fails that check "
            + "only")
    void startIgnoresWhatOthersHold_failsTheStartCheck() {
        assertThat(with(run(StartIgnoresWhatOthersHold.class), TestExecutionResult.Status.FAILED))
                .containsOnlyKeys(START_UNAUTHORIZED).hasValueSatisfying(new org.assertj.core.api.Condition<>(
                        message -> message.contains("talk time granted at once"), "says what was granted"));
    }

    @Test
    @DisplayName("A billing that runs as one instance only skips the checks across two servers, saying why")
    void oneInstanceOnly_skipsTheChecksAcrossServers_withTheReason() {
        Map<String, Outcome> outcomes = run(OneInstanceOnly.class);
        Map<String, String> aborted = with(outcomes, TestExecutionResult.Status.ABORTED);

        assertThat(aborted).containsOnlyKeys("stop_resentAndAfterFailover_isChargedOnce",
                "stop_onTwoInstancesAtOnce_isChargedOnce", LIMIT_ACROSS);
        assertThat(aborted.values()).allSatisfy(reason -> assertThat(reason)
                .contains("OneInstanceOnly runs as one instance only"));
        assertThat(with(outcomes, TestExecutionResult.Status.FAILED)).isEmpty();
    }

    @Test
    @DisplayName("A billing that takes no payments skips the extension check, saying why")
    void noTopUps_skipsTheExtensionCheck_withTheReason() {
        assertThat(with(run(NoTopUps.class), TestExecutionResult.Status.ABORTED)).containsOnlyKeys(EXTENDS)
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(reason -> reason.contains(
                        "NoTopUps takes no payments (topUp)"), "names the hook"));
    }

    // ------------------------------------------------------------------------------------------------ variants

    /** Keeps the variants out of ordinary runs (an IDE's, say): they fail on purpose. */
    static final class OnlyInSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by CallBillingKitSelfTest")
                    : ConditionEvaluationResult.disabled("a deliberately broken billing: CallBillingKitSelfTest runs"
                            + " it");
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class InterimNeverExtends extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.INTERIM_NEVER_EXTENDS);
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class InterimExtendsWithoutHolding extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.INTERIM_EXTENDS_WITHOUT_HOLDING);
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class InterimNeverCuts extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.INTERIM_NEVER_CUTS);
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class CallLimitPerInstance extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.CALL_LIMIT_PER_INSTANCE);
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class StartUnlimitedWithoutAuthorization extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.START_UNLIMITED_WITHOUT_AUTHORIZATION);
        }
    }

    @ExtendWith(OnlyInSelfTest.class)
    static class StartIgnoresWhatOthersHold extends InMemoryPrepaidBillingKitTest {
        @Override
        Set<Flaw> flaws() {
            return Set.of(Flaw.START_IGNORES_WHAT_OTHERS_HOLD);
        }
    }

    /** Sound, but keeps its state in the process: no second instance on its storage. */
    @ExtendWith(OnlyInSelfTest.class)
    static class OneInstanceOnly extends InMemoryPrepaidBillingKitTest {
        @Override
        protected Optional<Instance> secondInstance(Clock clock) {
            return Optional.empty();
        }
    }

    /** Sound, but takes no payments. */
    @ExtendWith(OnlyInSelfTest.class)
    static class NoTopUps extends InMemoryPrepaidBillingKitTest {
        @Override
        protected boolean topUp(org.netlever.aaa.call.CallNumber account, java.math.BigDecimal amount) {
            return false;
        }
    }
}
