package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.OnboardingState;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ManualTransitionsTest {

    /** The table: from each state, the ones an operator may set by hand. */
    @ParameterizedTest
    @CsvSource({"REGISTERED, ONBOARDED ERROR", "ONBOARDING, ERROR ONBOARDED REGISTERED", "ONBOARDED, ERROR REGISTERED",
            "ERROR, ONBOARDED REGISTERED", "QUARANTINED, ''"})
    void fromEachStateAnOperatorMaySetThese(OnboardingState from, String to) {
        Set<String> expected = to.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(to.split(" ")));
        assertEquals(expected, ManualTransitions.from(from).stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest
    @EnumSource(OnboardingState.class)
    void theSameStateIsAlwaysFineAndOthersAreAConflict(OnboardingState s) {
        ManualTransitions.check("h", s, s);
        for (OnboardingState to : OnboardingState.values()) {
            if (to == s || ManualTransitions.from(s).contains(to)) continue;
            assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class, () -> ManualTransitions.check("h", s, to)).kind());
        }
    }
}
