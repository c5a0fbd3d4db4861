package io.sessiondb.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * JDK value classes whose instances cannot change. An attribute holding the same instance it was
 * loaded with is unchanged without serializing it again, which is most of the cost of a save.
 */
final class Immutables {

    private static final Set<Class<?>> CLASSES = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Character.class, Boolean.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class, Locale.class, Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class,
            OffsetDateTime.class, ZonedDateTime.class, Duration.class, Period.class);

    private Immutables() {
    }

    /** @return whether the value's exact class is immutable (subclasses of BigDecimal, say, may not be) */
    static boolean is(Object value) {
        return value != null && CLASSES.contains(value.getClass());
    }
}
