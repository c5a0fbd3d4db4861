package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PoolerCheckTest {

    @Test
    void noThresholdInTheUrlIsNoExplicitThreshold() {
        assertEquals(OptionalInt.empty(), PoolerCheck.explicitThreshold("jdbc:postgresql://127.0.0.1:6432/test?user=root"));
        assertEquals(OptionalInt.empty(), PoolerCheck.explicitThreshold("jdbc:postgresql://127.0.0.1:6432/test"));
    }

    @Test
    void thresholdAnywhereInTheParametersIsExplicit() {
        assertEquals(OptionalInt.of(0), PoolerCheck.explicitThreshold("jdbc:postgresql://h/db?prepareThreshold=0"));
        assertEquals(OptionalInt.of(5), PoolerCheck.explicitThreshold("jdbc:postgresql://h/db?user=root&prepareThreshold=5&x=y"));
        assertEquals(OptionalInt.of(-1), PoolerCheck.explicitThreshold("jdbc:postgresql://h/db?prepareThreshold=-1"));
    }

    @Test
    void anotherParameterEndingInTheNameIsNotTheThreshold() {
        assertEquals(OptionalInt.empty(), PoolerCheck.explicitThreshold("jdbc:postgresql://h/db?xprepareThreshold=3"));
        assertEquals(OptionalInt.empty(), PoolerCheck.explicitThreshold("jdbc:postgresql://h/prepareThreshold=3"));
    }
}
