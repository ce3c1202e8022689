package io.github.keycloakpin2fa.engine.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.template.PinType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PinGeneratorTest {

    /** Chi-squared critical values at p = 0.001 by degrees of freedom (alphabet size - 1). */
    private static final Map<Integer, Double> CRITICAL_AT_0_001 = Map.of(9, 27.877, 15, 37.697, 25, 52.620, 35, 66.619);
    private static final int DRAWS_PER_SYMBOL = 1000;

    @ParameterizedTest
    @ValueSource(ints = {4, 6, 12})
    void generatesThePinLengthAsked(int length) {
        assertThat(new PinGenerator().generate(PinType.ALPHANUMERIC, length)).hasSize(length);
    }

    @ParameterizedTest
    @EnumSource(PinType.class)
    void usesOnlyTheTypesAlphabet(PinType type) {
        PinGenerator generator = new PinGenerator(new Random(7));
        for (int i = 0; i < 500; i++) {
            assertThat(generator.generate(type, 12).chars()).allMatch(c -> type.alphabet().indexOf(c) >= 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 13, 0})
    void refusesLengthsOutsideFourToTwelve(int length) {
        assertThatThrownBy(() -> new PinGenerator().generate(PinType.NUMERIC, length))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void drawsEachCharacterWithABoundedNextIntAndNothingElse() {
        ScriptedRandom source = new ScriptedRandom(35, 0, 10, 9, 1, 34);
        String pin = new PinGenerator(source).generate(PinType.ALPHANUMERIC, 6);

        assertThat(pin).isEqualTo("Z0A91Y");
        assertThat(source.bounds).containsExactly(36, 36, 36, 36, 36, 36);
    }

    @ParameterizedTest
    @EnumSource(PinType.class)
    void everySymbolIsEquallyLikely(PinType type) {
        long[] counts = histogram(new PinGenerator(new Random(20260101L)), type);

        assertThat(counts).doesNotContain(0L);
        assertThat(chiSquared(counts)).isLessThan(CRITICAL_AT_0_001.get(counts.length - 1));
    }

    @Test
    void theDistributionCheckCatchesASkewedGenerator() {
        // A generator that never yields the last symbol must fail the check above.
        PinGenerator skewed = new PinGenerator(new Random(1) {
            @Override
            public int nextInt(int bound) {
                return super.nextInt(bound - 1);
            }
        });
        long[] counts = histogram(skewed, PinType.NUMERIC);

        assertThat(counts[9]).isZero();
        assertThat(chiSquared(counts)).isGreaterThan(CRITICAL_AT_0_001.get(9));
    }

    /** Counts each symbol over DRAWS_PER_SYMBOL draws per symbol, in PINs of length 4. */
    private static long[] histogram(PinGenerator generator, PinType type) {
        String alphabet = type.alphabet();
        long[] counts = new long[alphabet.length()];
        for (int i = 0; i < alphabet.length() * DRAWS_PER_SYMBOL / 4; i++) {
            generator.generate(type, 4).chars().forEach(c -> counts[alphabet.indexOf(c)]++);
        }
        return counts;
    }

    private static double chiSquared(long[] counts) {
        double chiSquared = 0;
        for (long observed : counts) {
            chiSquared += Math.pow(observed - DRAWS_PER_SYMBOL, 2) / DRAWS_PER_SYMBOL;
        }
        return chiSquared;
    }

    @Test
    void theDefaultSourceGivesDifferentPins() {
        PinGenerator generator = new PinGenerator();
        Set<String> pins = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            pins.add(generator.generate(PinType.NUMERIC, 6));
        }
        assertThat(pins).hasSizeGreaterThan(990);
    }

    /** Returns scripted values from nextInt(bound), records the bounds, and fails on any other draw. */
    private static final class ScriptedRandom extends Random {
        private final Deque<Integer> values = new ArrayDeque<>();
        private final List<Integer> bounds = new ArrayList<>();

        ScriptedRandom(Integer... values) {
            this.values.addAll(List.of(values));
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            return values.removeFirst();
        }

        @Override
        protected int next(int bits) {
            throw new AssertionError("only nextInt(bound) may be used");
        }
    }
}
