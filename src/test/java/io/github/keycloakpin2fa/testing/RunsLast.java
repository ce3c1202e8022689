package io.github.keycloakpin2fa.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Marks a test class that must run after every other class of the run (for example one that
 * reads the whole server log). {@link Orderer} is the run's default class order
 * ({@code junit-platform.properties}): by name, with these classes at the end.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface RunsLast {

    /** Class names in order, {@link RunsLast} classes after all others. */
    final class Orderer implements ClassOrderer {
        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator
                    .comparing((ClassDescriptor d) -> d.isAnnotated(RunsLast.class))
                    .thenComparing(d -> d.getTestClass().getName()));
        }
    }
}
